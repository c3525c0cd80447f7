package node

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// natReply is the Candid reply of a single nat n < 128.
func natReply(n byte) []byte { return []byte{'D', 'I', 'D', 'L', 0, 1, 0x7d, n} }

// TestCounterLifecycle runs the Motoko counter on a node through the HTTP
// API: updates are certified, a trap is rejected with IC0503 and rolled
// back, queries see committed state.
func TestCounterLifecycle(t *testing.T) {
	tn := startTestNode(t, newSecrets(t), t.TempDir(), newEngine(t))
	defer tn.close(t)
	id := tn.install(t, "counter")
	empty := []byte("DIDL\x00\x00")
	for i := byte(1); i <= 3; i++ {
		reply, rej := tn.call(t, id, id, "inc", empty)
		if rej != nil || !bytes.Equal(reply, natReply(i)) {
			t.Fatalf("inc %d: %x %+v", i, reply, rej)
		}
	}
	_, rej := tn.call(t, id, id, "fail", empty)
	if rej == nil || rej.code != 5 || rej.errorCode != "IC0503" || !strings.Contains(rej.message, "Error from Canister "+id.String()) {
		t.Fatalf("fail: %+v", rej)
	}
	if reply, ec := tn.query(t, id, "get", empty); !bytes.Equal(reply, natReply(3)) || ec != "" {
		t.Fatalf("get after trap: %x %s", reply, ec)
	}
	if _, ec := tn.query(t, id, "no_such_method", empty); ec != "IC0536" {
		t.Fatalf("unknown method: %s", ec)
	}
}

// TestHostileRequests sends what a broken or hostile client sends; each
// gets its status and the node keeps serving (https-interface.md).
func TestHostileRequests(t *testing.T) {
	tn := startTestNode(t, newSecrets(t), t.TempDir(), newEngine(t))
	defer tn.close(t)
	id := tn.install(t, "counter")
	empty := []byte("DIDL\x00\x00")
	call := func(c envelope.Content) []byte { return tn.sign(t, c) }
	good := tn.content(envelope.Call, id, "inc", empty)
	badSig := func() []byte {
		env := call(good)
		env[len(env)-1] ^= 1 // inside sender_sig, the last field written
		return env
	}()
	expired := good
	expired.IngressExpiry = uint64(time.Now().Add(-time.Minute).UnixNano())
	farFuture := good
	farFuture.IngressExpiry = uint64(time.Now().Add(time.Hour).UnixNano())
	unknown := tn.content(envelope.Call, principal.CanisterID(0x1234), "inc", empty)
	outside := tn.content(envelope.Call, principal.CanisterID(0x10_0000), "inc", empty)
	for _, tc := range []struct {
		name, path string
		body       []byte
		status     int
		contains   string
	}{
		{"malformed CBOR", "/api/v2/canister/" + id.String() + "/call", []byte{0xa1, 0x01}, 400, ""},
		{"not CBOR at all", "/api/v3/canister/" + id.String() + "/query", []byte("hello"), 400, ""},
		{"bad signature", "/api/v2/canister/" + id.String() + "/call", badSig, 403, "Failed to authenticate request"},
		{"expired", "/api/v2/canister/" + id.String() + "/call", call(expired), 400, "Invalid request expiry"},
		{"expiry too far ahead", "/api/v2/canister/" + id.String() + "/call", call(farFuture), 400, "Invalid request expiry"},
		{"wrong effective id", "/api/v2/canister/" + principal.CanisterID(7).String() + "/call", call(good), 400, "does not match"},
		{"canister outside the subnet", "/api/v2/canister/" + principal.CanisterID(0x10_0000).String() + "/call", call(outside), 400, "not hosted"},
		{"unknown canister", "/api/v2/canister/" + principal.CanisterID(0x1234).String() + "/call", call(unknown), 200, "IC0301"},
		{"oversized body", "/api/v2/canister/" + id.String() + "/call", bytes.Repeat([]byte{0}, 6<<20), 413, ""},
		{"unknown endpoint", "/api/v9/canister/" + id.String() + "/call", call(good), 404, ""},
		{"query on the call endpoint", "/api/v2/canister/" + id.String() + "/call", tn.sign(t, tn.content(envelope.Query, id, "get", empty)), 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := tn.post(t, tc.path, tc.body)
			if code != tc.status || !strings.Contains(string(body), tc.contains) {
				t.Fatalf("got %d %q, want %d containing %q", code, body, tc.status, tc.contains)
			}
		})
	}
	// Still serving, and nothing above changed the counter.
	if reply, _ := tn.query(t, id, "get", empty); !bytes.Equal(reply, natReply(0)) {
		t.Fatalf("counter after hostile requests: %x", reply)
	}
	if reply, rej := tn.call(t, id, id, "inc", empty); rej != nil || !bytes.Equal(reply, natReply(1)) {
		t.Fatalf("inc after hostile requests: %x %+v", reply, rej)
	}
	resp, err := http.Get(tn.srv.URL + "/api/v2/status")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("status: %v %v", resp, err)
	}
	resp.Body.Close()
}

// TestReplayRestart closes a node and starts another on the same directory
// and secrets: same height, same root hash, same counter.
func TestReplayRestart(t *testing.T) {
	s, dir, engine := newSecrets(t), t.TempDir(), newEngine(t)
	tn := startTestNode(t, s, dir, engine)
	id := tn.install(t, "counter")
	empty := []byte("DIDL\x00\x00")
	tn.call(t, id, id, "inc", empty)
	tn.call(t, id, id, "inc", empty)
	tn.close(t)
	cs := tn.certified.Load()

	tn2 := startTestNode(t, s, dir, engine)
	defer tn2.close(t)
	if reply, _ := tn2.query(t, id, "get", empty); !bytes.Equal(reply, natReply(2)) {
		t.Fatalf("after restart: %x", reply)
	}
	if tn2.exec.height < cs.height {
		t.Fatalf("height %d after restart, was %d", tn2.exec.height, cs.height)
	}
}
