package exec

import (
	"bytes"
	"testing"
)

// TestCounter checks the update/query contract of the interface spec on
// the Motoko counter: updates commit, queries read, a trap rolls back.
func TestCounter(t *testing.T) {
	e := newTestEngine(t, Config{})
	cn := installed(t, e, "counter")
	steps := []struct {
		name   string
		query  bool
		method string
		arg    []byte
		reply  []byte
		code   ErrorCode
	}{
		{"update inc replies 1", false, "inc", candidEmpty, candidNat(1), 0},
		{"update inc replies 2", false, "inc", candidEmpty, candidNat(2), 0},
		{"query get sees committed 2", true, "get", candidEmpty, candidNat(2), 0},
		{"trap rejects with IC0503", false, "fail", candidEmpty, nil, CanisterCalledTrap},
		{"trap rolled back the increment", true, "get", candidEmpty, candidNat(2), 0},
		{"update add 40", false, "add", candidNat(40), candidNat(42), 0},
		{"query get as update is replicated query", false, "get", candidEmpty, candidNat(42), 0},
		{"unknown update method is IC0536", false, "nope", candidEmpty, nil, CanisterMethodNotFound},
		{"unknown query method is IC0536", true, "inc", candidEmpty, nil, CanisterMethodNotFound},
		{"query get after all", true, "get", candidEmpty, candidNat(42), 0},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			var r *Result
			if s.query {
				r = mustQuery(t, cn, s.method, s.arg)
			} else {
				r = mustUpdate(t, cn, s.method, s.arg)
			}
			if s.code != 0 {
				if r.Reject == nil || r.Reject.ErrorCode != s.code || r.Reject.Code != s.code.RejectCode() {
					t.Fatalf("got %+v reject %v, want %s", r, r.Reject, s.code)
				}
				return
			}
			if r.Reject != nil || r.Outcome != Replied || !bytes.Equal(r.Reply, s.reply) {
				t.Fatalf("reply %x reject %v, want %x", r.Reply, r.Reject, s.reply)
			}
		})
	}
}
