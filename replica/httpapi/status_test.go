package httpapi

import (
	"bytes"
	"net/http"
	"testing"
)

// TestStatus checks GET /api/v2/status (PROTOCOL.md §1.6).
func TestStatus(t *testing.T) {
	e := newTestEnv(t, Options{ImplVersion: "1.2.3", ImplHash: "abc"})
	resp, out := e.do(http.MethodGet, "/api/v2/status", "", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/cbor" {
		t.Fatalf("status %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	m := decodeCBOR(t, out)
	if !bytes.Equal(m["root_key"].([]byte), testRootKey) || m["impl_version"] != "1.2.3" || m["impl_hash"] != "abc" ||
		m["replica_health_status"] != "healthy" || m["certified_height"] != uint64(77) {
		t.Errorf("status %v", m)
	}
	// The status is served while the node is unhealthy: clients poll it.
	e.b.health = "starting"
	resp, out = e.do(http.MethodGet, "/api/v2/status", "", nil)
	if resp.StatusCode != 200 || decodeCBOR(t, out)["replica_health_status"] != "starting" {
		t.Errorf("unhealthy status: %d %x", resp.StatusCode, out)
	}
	if _, ok := decodeCBOR(t, out)["impl_hash"]; !ok {
		t.Error("impl_hash missing")
	}
}

// TestCORS checks the replica's CORS layer: every response allows any
// origin and OPTIONS is answered as a preflight on any path.
func TestCORS(t *testing.T) {
	e := newTestEnv(t, Options{})
	for _, path := range []string{"/api/v4/canister/" + testCanister.String() + "/call", "/api/v2/status", "/nothing"} {
		req, _ := http.NewRequest(http.MethodOptions, e.srv.URL+path, nil)
		req.Header.Set("Origin", "https://example.org")
		req.Header.Set("Access-Control-Request-Method", "POST")
		resp, err := e.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		if resp.StatusCode != 200 || h.Get("Access-Control-Allow-Origin") != "*" ||
			h.Get("Access-Control-Allow-Methods") != "GET,POST" ||
			h.Get("Access-Control-Allow-Headers") != "authorization,accept,content-type" {
			t.Errorf("%s: preflight %d %v", path, resp.StatusCode, h)
		}
	}
	resp, _ := e.do(http.MethodGet, "/api/v2/status", "", nil)
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("status response without Access-Control-Allow-Origin")
	}
}

// TestRecover checks that a panicking backend yields a 500, not a dropped
// connection.
func TestRecover(t *testing.T) {
	e := newTestEnv(t, Options{})
	h := New(panicBackend{e.b}, Options{})
	req, _ := http.NewRequest(http.MethodGet, "/api/v2/status", nil)
	rec := newRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
}

type panicBackend struct{ *fakeBackend }

func (panicBackend) Health() (string, uint64) { panic("broken invariant") }
