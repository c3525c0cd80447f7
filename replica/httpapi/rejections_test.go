package httpapi

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// TestRejections checks every refusal of PROTOCOL.md §1.2–§1.8 and the
// replica's HTTP statuses: one request per case against a fresh node.
func TestRejections(t *testing.T) {
	alice, bob := user(t, 1), user(t, 2)
	cid := testCanister.String()
	callPath := "/api/v4/canister/" + cid + "/call"
	call := func(c envelope.Content) []byte { b, _ := signed(t, alice, c); return b }
	update := callContent(envelope.Call, testCanister, "greet", []byte("DIDL\x00\x00"))
	mgmt := func(method, arg string) envelope.Content {
		return callContent(envelope.Call, principal.Management, method,
			candidArg(t, "(record { canister_id : principal })", arg))
	}
	readState := func(paths ...[][]byte) []byte { b, _ := signed(t, alice, readStateContent(paths...)); return b }
	label := func(s string) []byte { return []byte(s) }

	tests := []struct {
		name   string
		method string
		path   string
		ctype  string
		body   []byte
		setup  func(*fakeBackend)
		status int
		text   string
	}{
		{name: "malformed CBOR", path: callPath, body: []byte{0xd9, 0xd9, 0xf7, 0xa1, 0x01}, status: 400},
		{name: "not CBOR content type", path: callPath, ctype: "application/json", body: call(update),
			status: 400, text: "Unexpected content-type, expected application/cbor."},
		{name: "query envelope on call endpoint", path: callPath,
			body: call(callContent(envelope.Query, testCanister, "greet", nil)), status: 400, text: "request type"},
		{name: "call envelope on query endpoint", path: "/api/v3/canister/" + cid + "/query",
			body: call(update), status: 400, text: "request type"},
		{name: "call envelope on read_state endpoint", path: "/api/v3/canister/" + cid + "/read_state",
			body: call(update), status: 400, text: "request type"},
		{name: "bad signature", path: callPath, body: func() []byte {
			env, _ := envelopeOf(t, alice, update)
			env.SenderSig[0] ^= 1
			return env.Marshal()
		}(), status: 403, text: "Failed to authenticate request"},
		{name: "sender is not the key's id", path: callPath, body: func() []byte {
			env, _ := envelopeOf(t, alice, update)
			env.SenderPubKey = bob.PublicKeyDER()
			return env.Marshal()
		}(), status: 403, text: "Failed to authenticate request"},
		{name: "expired", path: callPath, body: func() []byte {
			c := update
			c.IngressExpiry = uint64(testNow.Add(-time.Minute).UnixNano())
			return call(c)
		}(), status: 400, text: "Invalid request expiry: "},
		{name: "expiry too far ahead", path: callPath, body: func() []byte {
			c := update
			c.IngressExpiry = uint64(testNow.Add(time.Hour).UnixNano())
			return call(c)
		}(), status: 400, text: "Invalid request expiry: "},
		{name: "canister differs from URL", path: "/api/v4/canister/" + otherHosted.String() + "/call",
			body: call(update), status: 400, text: "does not match effective canister id in URL"},
		{name: "query canister differs from URL", path: "/api/v3/canister/" + otherHosted.String() + "/query",
			body: call(callContent(envelope.Query, testCanister, "greet", nil)), status: 400,
			text: "does not match effective canister id in URL"},
		{name: "management canister_id differs from URL", path: callPath,
			body:   call(mgmt("start_canister", `(record { canister_id = principal "`+otherHosted.String()+`" })`)),
			status: 400, text: "does not match effective canister id in URL"},
		{name: "management argument without canister_id", path: callPath,
			body:   call(callContent(envelope.Call, principal.Management, "raw_rand", []byte("DIDL\x00\x00"))),
			status: 400, text: "Could not find the effective canister id"},
		{name: "management argument not Candid", path: callPath,
			body:   call(callContent(envelope.Call, principal.Management, "stop_canister", []byte("nope"))),
			status: 400, text: "Could not find the effective canister id"},
		{name: "canister not hosted", path: "/api/v2/canister/" + notHosted.String() + "/call",
			body: call(callContent(envelope.Call, notHosted, "greet", nil)), status: 400, text: "IC0405"},
		{name: "read_state for a canister not hosted", path: "/api/v3/canister/" + notHosted.String() + "/read_state",
			body: readState([][]byte{label("time")}), status: 400, text: "is not hosted by subnet"},
		{name: "bad principal in URL", path: "/api/v4/canister/not-a-principal/call", body: call(update),
			status: 400, text: "Could not parse the effective canister id"},
		{name: "subnet call to another subnet", path: "/api/v4/subnet/" + otherHosted.String() + "/call",
			body:   call(callContent(envelope.Call, principal.Management, methodProvisionalCreateCanister, []byte("DIDL\x00\x00"))),
			status: 400, text: "is not this node's subnet"},
		{name: "subnet call that creates nothing", path: "/api/v4/subnet/" + testSubnet.String() + "/call",
			body: call(update), status: 400, text: "cannot be called through a subnet endpoint"},
		{name: "subnet query other than list_canisters", path: "/api/v3/subnet/" + testSubnet.String() + "/query",
			body: call(callContent(envelope.Query, testCanister, "greet", nil)), status: 400,
			text: "cannot be called through a subnet endpoint"},

		{name: "unknown version", path: "/api/v5/canister/" + cid + "/call", body: call(update), status: 404, text: "Endpoint not found."},
		{name: "v4 query does not exist", path: "/api/v4/canister/" + cid + "/query", status: 404},
		{name: "v2 subnet call does not exist", path: "/api/v2/subnet/" + testSubnet.String() + "/call", status: 404},
		{name: "v3 status does not exist", method: "GET", path: "/api/v3/status", status: 404},
		{name: "unknown operation", path: "/api/v2/canister/" + cid + "/update", status: 404},
		{name: "trailing slash", path: callPath + "/", status: 404},
		{name: "root", method: "GET", path: "/", status: 404},
		{name: "GET on call", method: "GET", path: callPath, status: 405},
		{name: "POST on status", path: "/api/v2/status", status: 405},
		{name: "PUT on read_state", method: "PUT", path: "/api/v3/canister/" + cid + "/read_state", status: 405},

		{name: "body too large", path: callPath, body: make([]byte, DefaultMaxBodyBytes+1), status: 413},
		{name: "pool full", path: callPath, body: call(update), setup: func(b *fakeBackend) { b.poolFull = true },
			status: 429, text: "Service is overloaded, try again later."},
		{name: "node not healthy", path: callPath, body: call(update),
			setup:  func(b *fakeBackend) { b.health = "waiting_for_certified_state" },
			status: 503, text: "Replica is unhealthy: WaitingForCertifiedState."},
		{name: "query without certified state", path: "/api/v3/canister/" + cid + "/query",
			body:   call(callContent(envelope.Query, testCanister, "greet", nil)),
			setup:  func(b *fakeBackend) { b.queryErr = ErrUnavailable },
			status: 503, text: "Certified state unavailable."},
		{name: "read_state without certified state", path: "/api/v3/canister/" + cid + "/read_state",
			body:   readState([][]byte{label("time")}),
			setup:  func(b *fakeBackend) { b.readStateErr = ErrUnavailable },
			status: 503, text: "Certified state is not available yet."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t, Options{})
			if tc.setup != nil {
				tc.setup(e.b)
			}
			method, ctype := tc.method, tc.ctype
			if method == "" {
				method = http.MethodPost
			}
			if ctype == "" {
				ctype = "application/cbor"
			}
			resp, body := e.do(method, tc.path, ctype, tc.body)
			wantText(t, resp, body, tc.status, tc.text)
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("Access-Control-Allow-Origin %q, want *", got)
			}
			if tc.status == 405 && resp.Header.Get("Allow") == "" {
				t.Error("405 without Allow header")
			}
		})
	}
}

// envelopeOf returns the signed envelope of c, for tests that tamper with it.
func envelopeOf(t *testing.T, id interface {
	Sender() principal.Principal
	PublicKeyDER() []byte
	Sign([]byte) ([]byte, error)
}, c envelope.Content) (*envelope.Envelope, envelope.RequestID) {
	b, rid := signed(t, id, c)
	env, err := envelope.Decode(bytes.Clone(b))
	if err != nil {
		t.Fatal(err)
	}
	return env, rid
}

// TestBodyLimitChunked checks that a body without Content-Length is cut at
// the limit too.
func TestBodyLimitChunked(t *testing.T) {
	e := newTestEnv(t, Options{MaxBodyBytes: 1024})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v2/canister/"+testCanister.String()+"/call",
		struct{ *strings.Reader }{strings.NewReader(strings.Repeat("x", 4096))})
	req.Header.Set("Content-Type", "application/cbor")
	req.ContentLength = -1
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", resp.StatusCode)
	}
}

// TestBodyReadTimeout checks that a sender that stops mid-body gets 408
// instead of holding the handler.
func TestBodyReadTimeout(t *testing.T) {
	e := newTestEnv(t, Options{BodyReadTimeout: 100 * time.Millisecond})
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v2/canister/%s/call HTTP/1.1\r\nHost: x\r\nContent-Type: application/cbor\r\nContent-Length: 100\r\n\r\nabc", testCanister)
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestTimeout {
		t.Fatalf("status %d, want 408", resp.StatusCode)
	}
}
