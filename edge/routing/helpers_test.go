package routing

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// fakeReplica answers /api/v2/status like a replica (real CBOR) and every
// other API path with a configurable status and delay, counting hits.
type fakeReplica struct {
	srv    *httptest.Server
	health atomic.Value // string: replica_health_status
	code   atomic.Int64 // status for API requests; 0 means 200
	delay  atomic.Int64 // ns before answering API requests
	hits   atomic.Int64 // API requests (not status)
	checks atomic.Int64 // status requests
}

func newFakeReplica(t testing.TB) *fakeReplica {
	t.Helper()
	f := &fakeReplica{}
	f.health.Store("healthy")
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeReplica) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/v2/status" {
		f.checks.Add(1)
		w.Header().Set("Content-Type", "application/cbor")
		w.Write(statusBody(f.health.Load().(string)))
		return
	}
	f.hits.Add(1)
	body, _ := io.ReadAll(r.Body)
	if d := f.delay.Load(); d > 0 {
		time.Sleep(time.Duration(d)) // the replica's own latency, not a wait for readiness
	}
	code := int(f.code.Load())
	if code == 0 {
		code = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/cbor")
	w.Header().Set("X-Edge-Cacheable", "1") // must never leave ServeAPI
	w.WriteHeader(code)
	w.Write(append([]byte("echo:"), body...))
}

// statusBody is a replica's HttpStatusResponse with the given health.
func statusBody(health string) []byte {
	b := cbor.AppendSelfDescribe(nil)
	b = cbor.AppendMap(b, 4)
	b = cbor.AppendText(b, "root_key")
	b = cbor.AppendBytes(b, bytes.Repeat([]byte{1}, 133))
	b = cbor.AppendText(b, "impl_version")
	b = cbor.AppendText(b, "test")
	b = cbor.AppendText(b, "replica_health_status")
	b = cbor.AppendText(b, health)
	b = cbor.AppendText(b, "certified_height")
	b = cbor.AppendUint(b, 7)
	return b
}

func (f *fakeReplica) url() *url.URL { u, _ := url.Parse(f.srv.URL); return u }

// deadURL is an address where nothing listens: connections are refused.
func deadURL(t testing.TB) *url.URL {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	u, _ := url.Parse(srv.URL)
	srv.Close()
	return u
}

func subnetID(name string) principal.Principal {
	return principal.SelfAuthenticating([]byte("subnet " + name))
}
func nodeID(name string) principal.Principal {
	return principal.SelfAuthenticating([]byte("node " + name))
}

// subnet builds a subnet hosting canisters [lo, hi] on the given nodes,
// named n0, n1, ... after the subnet.
func subnet(name string, kind Kind, lo, hi uint64, urls ...*url.URL) Subnet {
	s := Subnet{ID: subnetID(name), Kind: kind, Ranges: []Range{{principal.CanisterID(lo), principal.CanisterID(hi)}}}
	for i, u := range urls {
		s.Nodes = append(s.Nodes, Node{ID: nodeID(name + string(rune('0'+i))), URL: u})
	}
	return s
}

func mustTable(t testing.TB, subnets ...Subnet) *Table {
	t.Helper()
	tab, err := NewTable(nil, subnets)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// newTestRouter is a Router with a seeded random source over subnets.
func newTestRouter(t testing.TB, opts Options, subnets ...Subnet) *Router {
	t.Helper()
	if opts.Rand == nil {
		opts.Rand = rand.NewPCG(1, 2)
	}
	r := New(opts)
	r.Update(mustTable(t, subnets...))
	t.Cleanup(func() { r.Close() })
	return r
}

// query sends a query for canister index c through rt and returns the
// status, the body and the error.
func query(t testing.TB, rt http.RoundTripper, c uint64, body string) (int, string, *http.Response, error) {
	t.Helper()
	return send(t, rt, "/api/v3/canister/"+principal.CanisterID(c).String()+"/query", body)
}

func send(t testing.TB, rt http.RoundTripper, path, body string) (int, string, *http.Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://edge.invalid"+path, bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := rt.RoundTrip(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", nil, err
	}
	return resp.StatusCode, string(b), resp, nil
}

// canister is the text of canister id number i.
func canister(i uint64) string { return principal.CanisterID(i).String() }

func readAll(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
