package exec

import (
	"bytes"
	"context"
	"sync"
	"testing"
)

// TestDeterminism: two engines fed the same messages reach the same state
// hash, and a snapshot restored elsewhere has that hash too and executes
// the same.
func TestDeterminism(t *testing.T) {
	ctx := context.Background()
	run := func() (*Engine, *Canister) {
		e := newTestEngine(t, Config{})
		cn := installed(t, e, "counter")
		for i := range 5 {
			mustUpdate(t, cn, "inc", candidEmpty)
			mustUpdate(t, cn, "add", candidNat(uint64(i)))
			mustUpdate(t, cn, "fail", candidEmpty)
			mustQuery(t, cn, "get", candidEmpty)
		}
		return e, cn
	}
	e1, a := run()
	_, b := run()
	ha, err := a.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	hb, _ := b.StateHash()
	if ha != hb {
		t.Fatalf("state hashes differ: %x %x", ha, hb)
	}
	empty, _ := e1.NewCanister(nil, Settings{}).StateHash()
	if ha == empty {
		t.Fatal("state hash ignores the state")
	}

	snap, err := a.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	e3 := newTestEngine(t, Config{})
	c, err := e3.Restore(ctx, testCanisterID, Settings{}, snap)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	if hc, _ := c.StateHash(); hc != ha {
		t.Fatalf("restored hash %x, want %x", hc, ha)
	}
	ra := mustUpdate(t, a, "inc", candidEmpty)
	rc := mustUpdate(t, c, "inc", candidEmpty)
	if !bytes.Equal(ra.Reply, rc.Reply) || !bytes.Equal(ra.Reply, candidNat(16)) {
		t.Fatalf("restored canister replies %x, original %x", rc.Reply, ra.Reply)
	}
	ha, _ = a.StateHash()
	if hc, _ := c.StateHash(); hc != ha {
		t.Fatal("restored canister diverged")
	}
}

// TestConcurrentQueries hammers one canister with queries from several
// goroutines while its owner runs updates: every query sees a committed
// count, never a torn or uncommitted one.
func TestConcurrentQueries(t *testing.T) {
	e := newTestEngine(t, Config{IdleInstances: 2})
	cn := installed(t, e, "counter")
	const updates = 50
	var wg sync.WaitGroup
	done := make(chan struct{})
	valid := map[string]bool{}
	for i := range updates + 1 {
		valid[string(candidNat(uint64(i)))] = true
	}
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := -1
			for {
				select {
				case <-done:
					return
				default:
				}
				r, err := cn.Query(context.Background(), Message{Method: "get", Arg: candidEmpty})
				if err != nil || r.Reject != nil || !valid[string(r.Reply)] {
					t.Errorf("query: %v %v %x", err, r.Reject, r.Reply)
					return
				}
				n := int(r.Reply[len(r.Reply)-1])
				if n < last {
					t.Errorf("count went back from %d to %d", last, n)
					return
				}
				last = n
			}
		}()
	}
	for range updates {
		if r := mustUpdate(t, cn, "inc", candidEmpty); r.Reject != nil {
			t.Fatal(r.Reject)
		}
		mustUpdate(t, cn, "fail", candidEmpty)
	}
	close(done)
	wg.Wait()
	if r := mustQuery(t, cn, "get", candidEmpty); !bytes.Equal(r.Reply, candidNat(updates)) {
		t.Fatalf("final count %x", r.Reply)
	}
}
