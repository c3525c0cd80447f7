package httpapi

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// TestCallAsync checks /api/v2/canister/<ecid>/call (PROTOCOL.md §1.5):
// 202 with an empty body, and the ingress message the backend receives.
func TestCallAsync(t *testing.T) {
	alice := user(t, 1)
	e := newTestEnv(t, Options{})
	c := callContent(envelope.Call, testCanister, "greet", []byte("DIDL\x00\x00"))
	body, rid := signed(t, alice, c)
	resp, out := e.post("/api/v2/canister/"+testCanister.String()+"/call", body)
	if resp.StatusCode != http.StatusAccepted || len(out) != 0 {
		t.Fatalf("status %d body %q", resp.StatusCode, out)
	}
	in, ok := e.b.submitted[rid]
	if !ok {
		t.Fatal("call not submitted")
	}
	if in.Sender != alice.Sender() || in.Canister != testCanister || in.Effective != testCanister ||
		in.Method != "greet" || !bytes.Equal(in.Arg, c.Arg) || !in.Expiry.Equal(testNow.Add(4*time.Minute)) ||
		in.Content == nil || in.Content.RequestID() != rid {
		t.Errorf("ingress %+v", in)
	}
}

// TestCallNonReplicatedRejection checks that a rejection before the pool
// is 200 with a CBOR reject, on both call forms.
func TestCallNonReplicatedRejection(t *testing.T) {
	alice := user(t, 1)
	for _, v := range []string{"v2", "v3", "v4"} {
		t.Run(v, func(t *testing.T) {
			e := newTestEnv(t, Options{})
			e.b.submitReject = &Reject{Code: 4, Message: "inspect_message refused", ErrorCode: "IC0406"}
			body, _ := signed(t, alice, callContent(envelope.Call, testCanister, "greet", nil))
			resp, out := e.post("/api/"+v+"/canister/"+testCanister.String()+"/call", body)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/cbor" {
				t.Fatalf("status %d: %s", resp.StatusCode, out)
			}
			m := decodeCBOR(t, out)
			if m["reject_code"] != uint64(4) || m["reject_message"] != "inspect_message refused" || m["error_code"] != "IC0406" {
				t.Errorf("reject %v", m)
			}
			if _, has := m["status"]; has != (v != "v2") {
				t.Errorf("status field present = %v", has)
			}
			if v != "v2" && m["status"] != "non_replicated_rejection" {
				t.Errorf("status %v", m["status"])
			}
		})
	}
}

// TestCallSync checks /api/v3|v4/.../call: a certificate revealing the
// request's status once it is terminal, 202 after the timeout.
func TestCallSync(t *testing.T) {
	alice := user(t, 1)
	t.Run("replied", func(t *testing.T) {
		e := newTestEnv(t, Options{})
		body, rid := signed(t, alice, callContent(envelope.Call, testCanister, "greet", nil))
		resp, out := e.post("/api/v4/canister/"+testCanister.String()+"/call", body)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, out)
		}
		m := decodeCBOR(t, out)
		if m["status"] != "replied" || string(m["certificate"].([]byte)) != "certificate revealing 1 paths" {
			t.Errorf("response %v", m)
		}
		want := [][][]byte{{[]byte("request_status"), rid[:]}}
		if len(e.b.lastPaths) != 1 || !bytes.Equal(e.b.lastPaths[0][1], want[0][1]) {
			t.Errorf("certificate paths %q", e.b.lastPaths)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		e := newTestEnv(t, Options{SyncCallTimeout: 20 * time.Millisecond})
		e.b.complete = false
		body, _ := signed(t, alice, callContent(envelope.Call, testCanister, "greet", nil))
		resp, out := e.post("/api/v3/canister/"+testCanister.String()+"/call", body)
		wantText(t, resp, out, http.StatusAccepted, "did not complete execution and certification")
	})
	t.Run("subnet form creates a canister", func(t *testing.T) {
		e := newTestEnv(t, Options{})
		body, rid := signed(t, alice, callContent(envelope.Call, principal.Management, methodCreateCanister, []byte("DIDL\x00\x00")))
		resp, out := e.post("/api/v4/subnet/"+testSubnet.String()+"/call", body)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, out)
		}
		if e.b.submitted[rid].Effective != testSubnet {
			t.Errorf("effective id %s", e.b.submitted[rid].Effective)
		}
	})
}

// TestEffectiveCanisterID checks is_effective_canister_id for the
// management canister (abstract-behavior.md; PROTOCOL.md §1.7).
func TestEffectiveCanisterID(t *testing.T) {
	alice := user(t, 1)
	target := func(field string, p principal.Principal) []byte {
		return candidArg(t, "(record { "+field+" : principal; wasm_module_hash : blob })",
			`(record { `+field+` = principal "`+p.String()+`"; wasm_module_hash = blob "\00" })`)
	}
	tests := []struct {
		name   string
		method string
		arg    []byte
		ecid   principal.Principal
		status int
	}{
		{"provisional_create_canister_with_cycles, any hosted ecid", methodProvisionalCreateCanister, []byte("DIDL\x00\x00"), otherHosted, 202},
		{"create_canister, any hosted ecid", methodCreateCanister, []byte("DIDL\x00\x00"), principal.CanisterID(0), 202},
		{"canister_id names the ecid", "install_code", target("canister_id", testCanister), testCanister, 202},
		{"canister_id names another", "install_code", target("canister_id", otherHosted), testCanister, 400},
		{"install_chunked_code: target_canister", methodInstallChunkedCode, target("target_canister", testCanister), testCanister, 202},
		{"install_chunked_code: canister_id is not it", methodInstallChunkedCode, target("canister_id", testCanister), testCanister, 400},
		{"canister_id is not a principal", "stop_canister",
			candidArg(t, "(record { canister_id : text })", `(record { canister_id = "x" })`), testCanister, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t, Options{})
			body, _ := signed(t, alice, callContent(envelope.Call, principal.Management, tc.method, tc.arg))
			resp, out := e.post("/api/v2/canister/"+tc.ecid.String()+"/call", body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, out)
			}
		})
	}
}
