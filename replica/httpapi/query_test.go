package httpapi

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"sort"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// The spec's hash_of_map (https-interface.md § Representation-independent
// hashing), written out again here so that the signatures are checked
// against the spec and not against the code under test.
func sum(b []byte) []byte { h := sha256.Sum256(b); return h[:] }

func leb128(n uint64) []byte {
	var out []byte
	for {
		b := byte(n & 0x7f)
		n >>= 7
		if n == 0 {
			return append(out, b)
		}
		out = append(out, b|0x80)
	}
}

func specHashOfMap(m map[string][]byte) []byte {
	var pairs [][]byte
	for k, vh := range m {
		pairs = append(pairs, append(sum([]byte(k)), vh...))
	}
	sort.Slice(pairs, func(i, j int) bool { return bytes.Compare(pairs[i], pairs[j]) < 0 })
	return sum(bytes.Join(pairs, nil))
}

// TestQuerySignatures checks §5: the node signs "\x0Bic-response" ·
// hash_of_map({status, reply | reject_code, reject_message, error_code?,
// timestamp, request_id}) and the signature verifies with the node's
// Ed25519 key, whose self-authenticating id is the identity sent.
func TestQuerySignatures(t *testing.T) {
	tests := []struct {
		name   string
		result QueryResult
		sender identity.Identity
	}{
		{"replied", QueryResult{Reply: []byte("DIDL\x00\x01\x71\x02hi")}, user(t, 1)},
		{"rejected with error code", QueryResult{Reject: &Reject{Code: 5, Message: "trapped", ErrorCode: "IC0503"}}, user(t, 1)},
		{"rejected without error code", QueryResult{Reject: &Reject{Code: 4, Message: "no"}}, user(t, 1)},
		{"anonymous", QueryResult{Reply: nil}, identity.Anonymous()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t, Options{})
			e.b.queryResult = tc.result
			body, rid := signed(t, tc.sender, callContent(envelope.Query, testCanister, "greet", []byte("DIDL\x00\x00")))
			resp, out := e.post("/api/v3/canister/"+testCanister.String()+"/query", body)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/cbor" {
				t.Fatalf("status %d %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), out)
			}
			m := decodeCBOR(t, out)
			sigs := m["signatures"].([]any)
			if len(sigs) != 1 {
				t.Fatalf("%d signatures", len(sigs))
			}
			sig := sigs[0].(map[string]any)
			ts := sig["timestamp"].(uint64)
			if ts != uint64(testNow.UnixNano()) {
				t.Errorf("timestamp %d", ts)
			}
			fields := map[string][]byte{
				"timestamp":  sum(leb128(ts)),
				"request_id": sum(rid[:]),
			}
			if rj := tc.result.Reject; rj != nil {
				if m["status"] != "rejected" || m["reject_code"] != uint64(rj.Code) || m["reject_message"] != rj.Message {
					t.Fatalf("response %v", m)
				}
				if _, sent := m["error_code"]; sent != (rj.ErrorCode != "") {
					t.Fatalf("error_code sent = %v, want %v", sent, rj.ErrorCode != "")
				}
				fields["status"] = sum([]byte("rejected"))
				fields["reject_code"] = sum(leb128(uint64(rj.Code)))
				fields["reject_message"] = sum([]byte(rj.Message))
				if rj.ErrorCode != "" {
					fields["error_code"] = sum([]byte(rj.ErrorCode))
				}
			} else {
				arg := m["reply"].(map[string]any)["arg"].([]byte)
				if m["status"] != "replied" || !bytes.Equal(arg, tc.result.Reply) {
					t.Fatalf("response %v", m)
				}
				fields["status"] = sum([]byte("replied"))
				fields["reply"] = specHashOfMap(map[string][]byte{"arg": sum(tc.result.Reply)})
			}
			msg := append([]byte("\x0bic-response"), specHashOfMap(fields)...)
			pub := e.b.nodeKey.Public().(ed25519.PublicKey)
			if !ed25519.Verify(pub, msg, sig["signature"].([]byte)) {
				t.Fatal("node signature does not verify over the spec's hash")
			}
			if !bytes.Equal(sig["identity"].([]byte), principal.SelfAuthenticating(e.b.nodeDER).Bytes()) {
				t.Error("identity is not the node id")
			}
			q := e.b.lastQuery
			if q.ID != rid || q.Canister != testCanister || q.Effective != testCanister || q.Method != "greet" || q.Sender != tc.sender.Sender() {
				t.Errorf("backend got %+v", q)
			}
		})
	}
}

// TestQueryForms covers the v2 endpoint, the subnet form and the rules of
// the management canister for queries.
func TestQueryForms(t *testing.T) {
	alice := user(t, 1)
	e := newTestEnv(t, Options{})
	q := func(path string, c envelope.Content) int {
		b, _ := signed(t, alice, c)
		resp, out := e.post(path, b)
		if resp.StatusCode != 200 {
			t.Logf("%s: %s", path, out)
		}
		return resp.StatusCode
	}
	if s := q("/api/v2/canister/"+testCanister.String()+"/query", callContent(envelope.Query, testCanister, "greet", nil)); s != 200 {
		t.Errorf("v2 query: %d", s)
	}
	if s := q("/api/v3/subnet/"+testSubnet.String()+"/query", callContent(envelope.Query, principal.Management, "list_canisters", []byte("DIDL\x00\x00"))); s != 200 {
		t.Errorf("subnet query: %d", s)
	}
	if e.b.lastQuery.Effective != testSubnet {
		t.Errorf("subnet query effective id %s", e.b.lastQuery.Effective)
	}
	arg := candidArg(t, "(record { canister_id : principal })", `(record { canister_id = principal "`+testCanister.String()+`" })`)
	if s := q("/api/v3/canister/"+testCanister.String()+"/query", callContent(envelope.Query, principal.Management, "canister_status", arg)); s != 200 {
		t.Errorf("management query: %d", s)
	}
	// Anonymous queries may carry any expiry (interface spec 0.29).
	c := callContent(envelope.Query, testCanister, "greet", nil)
	c.IngressExpiry = uint64(testNow.Add(-time.Hour).UnixNano())
	b, _ := signed(t, identity.Anonymous(), c)
	if resp, out := e.post("/api/v3/canister/"+testCanister.String()+"/query", b); resp.StatusCode != 200 {
		t.Errorf("anonymous expired query: %d %s", resp.StatusCode, out)
	}
}
