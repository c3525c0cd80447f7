package httpapi

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// fuzzPaths are every endpoint, plus a few that are not.
func fuzzPaths() []string {
	cid, sid := testCanister.String(), testSubnet.String()
	return []string{
		"/api/v2/canister/" + cid + "/call",
		"/api/v3/canister/" + cid + "/call",
		"/api/v4/canister/" + cid + "/call",
		"/api/v4/subnet/" + sid + "/call",
		"/api/v2/canister/" + cid + "/query",
		"/api/v3/canister/" + cid + "/query",
		"/api/v3/subnet/" + sid + "/query",
		"/api/v2/canister/" + cid + "/read_state",
		"/api/v3/canister/" + cid + "/read_state",
		"/api/v2/subnet/" + sid + "/read_state",
		"/api/v3/subnet/" + sid + "/read_state",
		"/api/v2/status",
		"/api/v9/canister/" + cid + "/call",
	}
}

// FuzzHandler posts arbitrary bodies to every endpoint: the handler must
// answer 2xx or 4xx, never 5xx, and never panic (the recover in ServeHTTP
// would turn a panic into a 500, which fails here too).
func FuzzHandler(f *testing.F) {
	alice := user(f, 1)
	mgmtArg := candidArg(f, "(record { canister_id : principal })", `(record { canister_id = principal "`+testCanister.String()+`" })`)
	for _, c := range []envelope.Content{
		callContent(envelope.Call, testCanister, "greet", []byte("DIDL\x00\x00")),
		callContent(envelope.Call, principal.Management, "install_code", mgmtArg),
		callContent(envelope.Query, testCanister, "greet", nil),
		callContent(envelope.Query, principal.Management, "list_canisters", nil),
		readStateContent([][]byte{[]byte("time")}, [][]byte{[]byte("request_status"), make([]byte, 32)}),
		readStateContent([][]byte{[]byte("canister"), testCanister.Bytes(), []byte("metadata"), []byte("x")}),
		readStateContent([][]byte{[]byte("subnet"), testSubnet.Bytes(), []byte("metrics")}),
	} {
		b, _ := signed(f, alice, c)
		f.Add(b, uint8(0))
	}
	f.Add([]byte{}, uint8(1))
	f.Add([]byte{0xd9, 0xd9, 0xf7, 0xa0}, uint8(2))

	b := newFakeBackend()
	h := New(b, Options{MaxBodyBytes: 1 << 20})
	paths := fuzzPaths()
	f.Fuzz(func(t *testing.T, body []byte, flags uint8) {
		b.mu.Lock()
		b.poolFull = flags&1 != 0
		b.complete = true
		b.mu.Unlock()
		for _, p := range paths {
			req := httptest.NewRequest(http.MethodPost, p, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/cbor")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 || rec.Code < 200 || rec.Code >= 300 && rec.Code < 400 {
				t.Fatalf("%s: status %d: %s", p, rec.Code, rec.Body.Bytes())
			}
		}
	})
}
