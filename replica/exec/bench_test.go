package exec

import (
	"context"
	"testing"
)

// BenchmarkQueryCounterGet is a query end to end on an idle instance:
// sync globals, run `canister_query get`, collect the reply, revert.
func BenchmarkQueryCounterGet(b *testing.B) {
	e := newTestEngine(b, Config{})
	cn := installed(b, e, "counter")
	mustUpdate(b, cn, "inc", candidEmpty)
	msg := Message{Method: "get", Arg: candidEmpty, Caller: testController, Time: 3}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		r, err := cn.Query(ctx, msg)
		if err != nil || r.Reject != nil {
			b.Fatal(err, r.Reject)
		}
	}
}

// BenchmarkQueryCounterGetParallel runs queries on all CPUs at once, each
// on its own instance of the same committed state.
func BenchmarkQueryCounterGetParallel(b *testing.B) {
	e := newTestEngine(b, Config{})
	cn := installed(b, e, "counter")
	msg := Message{Method: "get", Arg: candidEmpty, Caller: testController, Time: 3}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r, err := cn.Query(context.Background(), msg)
			if err != nil || r.Reject != nil {
				b.Fatal(err, r.Reject)
			}
		}
	})
}

// BenchmarkUpdateCounterInc is an update end to end, commit included.
func BenchmarkUpdateCounterInc(b *testing.B) {
	e := newTestEngine(b, Config{})
	cn := installed(b, e, "counter")
	msg := Message{Method: "inc", Arg: candidEmpty, Caller: testController, Time: 3}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		r, err := cn.Update(ctx, msg)
		if err != nil || r.Reject != nil {
			b.Fatal(err, r.Reject)
		}
	}
}

// BenchmarkInstallCounter installs the counter into a new canister; the
// module is compiled once, so this is instantiation, start and init.
func BenchmarkInstallCounter(b *testing.B) {
	e := newTestEngine(b, Config{})
	wasm := readCanister(b, "counter")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		cn := e.NewCanister(testCanisterID, Settings{})
		r, err := cn.Install(ctx, Install, wasm, Message{Arg: candidEmpty})
		if err != nil || r.Reject != nil {
			b.Fatal(err, r.Reject)
		}
		cn.Close()
	}
}
