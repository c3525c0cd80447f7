package exec

import (
	"context"
	"testing"
)

// TestInspectMessage: a canister without canister_inspect_message accepts
// everything; one that exports it accepts only when it calls
// ic0.accept_message, which is allowed only there.
func TestInspectMessage(t *testing.T) {
	e := newTestEngine(t, Config{})
	ctx := context.Background()
	counter := installed(t, e, "counter")
	if r, err := counter.InspectMessage(ctx, Message{Method: "inc"}); err != nil || !r.Accepted {
		t.Fatalf("no inspect export: %v %+v", err, r)
	}
	mod := asmModule{types: testTypes, memory: 1, start: -1,
		imports: []asmImport{{"ic0", "accept_message", tVoid}, {"ic0", "msg_method_name_size", tRetI32}},
		funcs: []asmFunc{
			// accept when the method name has 3 bytes
			{tVoid, "canister_inspect_message", cat(callf(1), i32c(3), []byte{0x46, 0x04, 0x40}, callf(0), []byte{0x0b})},
			{tVoid, "canister_update acc", callf(0)},
		}}
	cn := e.NewCanister(testCanisterID, Settings{})
	t.Cleanup(cn.Close)
	if r, err := cn.Install(ctx, Install, mod.bytes(), Message{}); err != nil || r.Reject != nil {
		t.Fatalf("install: %v %v", err, r.Reject)
	}
	cases := []struct {
		name     string
		method   string
		accepted bool
	}{
		{"accept_message accepts", "abc", true},
		{"returning without accept_message rejects", "abcd", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := cn.InspectMessage(ctx, Message{Method: c.method})
			if err != nil || r.Accepted != c.accepted {
				t.Fatalf("%v %+v", err, r)
			}
			if !c.accepted && (r.Reject == nil || r.Reject.ErrorCode != CanisterRejectedMessage) {
				t.Fatalf("reject %v", r.Reject)
			}
		})
	}
	t.Run("accept_message outside inspect traps", func(t *testing.T) {
		r := mustUpdate(t, cn, "acc", nil)
		if r.Reject == nil || r.Reject.ErrorCode != CanisterContractViolation {
			t.Fatalf("reject %v", r.Reject)
		}
	})
}
