package exec

import (
	"context"
	"encoding/binary"
	"strings"
	"testing"
)

// Imports of the metering test module, by function index.
const (
	mReply = iota
	mAppend
	mArgSize
	mPerf
	mImports
)

// Functions of the metering test module, by index in funcs.
const (
	mfLoop = iota
	mfRecurse
	mfCount
	mfCountUpdate
	mfPerf
	mfSpin
)

// countLoop runs the loop body msg_arg_data_size times, counting down the
// global, then replies.
var countLoop = cat(
	callf(mArgSize), opGlobalSet,
	[]byte{0x02, 0x40, 0x03, 0x40},
	opGlobalGet, []byte{0x45, 0x0d, 1}, // i32.eqz; br_if 1
	opGlobalGet, i32c(1), []byte{0x6b}, opGlobalSet, // global -= 1
	[]byte{0x0c, 0, 0x0b, 0x0b},
	callf(mReply))

func meteringModule() asmModule {
	return asmModule{
		types: testTypes,
		imports: []asmImport{
			{"ic0", "msg_reply", tVoid}, {"ic0", "msg_reply_data_append", tI32x2},
			{"ic0", "msg_arg_data_size", tRetI32}, {"ic0", "performance_counter", tI32I64},
		},
		memory: 1,
		global: true,
		start:  -1,
		funcs: []asmFunc{
			mfLoop:        {tVoid, "canister_update loop", cat(i32c(1), opGlobalSet, opLoopBr)},
			mfRecurse:     {tVoid, "canister_update recurse", callf(mImports + mfRecurse)},
			mfCount:       {tVoid, "canister_query count", countLoop},
			mfCountUpdate: {tVoid, "canister_update count_update", countLoop},
			// perf replies with performance_counter(0) before and after
			// spinning msg_arg_data_size times, as two little-endian i64.
			mfPerf: {tVoid, "canister_query perf", cat(
				i32c(0), i32c(0), callf(mPerf), []byte{0x37, 3, 0}, // i64.store
				callf(mImports+mfSpin),
				i32c(8), i32c(0), callf(mPerf), []byte{0x37, 3, 0},
				i32c(0), i32c(16), callf(mAppend), callf(mReply))},
			mfSpin: {tVoid, "", cat(callf(mArgSize), opGlobalSet,
				[]byte{0x02, 0x40, 0x03, 0x40},
				opGlobalGet, []byte{0x45, 0x0d, 1},
				opGlobalGet, i32c(1), []byte{0x6b}, opGlobalSet,
				[]byte{0x0c, 0, 0x0b, 0x0b})},
		},
	}
}

// meteringCanister installs meteringModule on an engine with small
// instruction limits, so that running out takes milliseconds.
func meteringCanister(t *testing.T) *Canister {
	t.Helper()
	e := newTestEngine(t, Config{UpdateInstructions: 20_000_000, QueryInstructions: 10_000_000})
	cn := e.NewCanister(testCanisterID, Settings{})
	t.Cleanup(cn.Close)
	if r, err := cn.Install(context.Background(), Install, meteringModule().bytes(), Message{}); err != nil || r.Reject != nil {
		t.Fatalf("install: %v %v", err, r)
	}
	return cn
}

func wantReject(t *testing.T, r *Result, code ErrorCode) {
	t.Helper()
	if r.Reject == nil || r.Reject.ErrorCode != code {
		t.Fatalf("reject %v, want %s", r.Reject, code)
	}
}

// TestInstructionLimit: an infinite loop (loop br 0 end) traps with IC0522
// once it has spent exactly the message kind's limit (interface spec,
// "Resource limits"), is rolled back like any trap, and the canister keeps
// working.
func TestInstructionLimit(t *testing.T) {
	cn := meteringCanister(t)
	r := mustUpdate(t, cn, "loop", nil)
	wantReject(t, r, CanisterInstructionLimitExceeded)
	if r.Instructions != 20_000_000 || !strings.Contains(r.Reject.Message, "instruction limit") {
		t.Fatalf("instructions %d, message %q", r.Instructions, r.Reject.Message)
	}
	if g := cn.st.globals; len(g) != 1 || g[0] != 0 {
		t.Fatalf("globals %v after the trap, want [0]: not rolled back, or the budget is state", g)
	}
	q := mustQuery(t, cn, "count", make([]byte, 10_000_000))
	wantReject(t, q, CanisterInstructionLimitExceeded)
	if q.Instructions != 10_000_000 {
		t.Fatalf("query spent %d, want the query limit", q.Instructions)
	}
	if r := mustUpdate(t, cn, "count_update", make([]byte, 10)); r.Reject != nil {
		t.Fatalf("after the limit: %v", r.Reject)
	}
}

// TestInstructionLimitInstall: canister_init that never returns fails the
// install with IC0522 and leaves the canister empty.
func TestInstructionLimitInstall(t *testing.T) {
	m := meteringModule()
	m.funcs[mfLoop].export = "canister_init"
	e := newTestEngine(t, Config{InstallInstructions: 5_000_000})
	cn := e.NewCanister(testCanisterID, Settings{})
	t.Cleanup(cn.Close)
	r, err := cn.Install(context.Background(), Install, m.bytes(), Message{})
	if err != nil {
		t.Fatal(err)
	}
	wantReject(t, r, CanisterInstructionLimitExceeded)
	if r.Instructions != 5_000_000 || cn.st != nil {
		t.Fatalf("instructions %d, installed %v", r.Instructions, cn.st != nil)
	}
}

// TestInfiniteRecursion: unbounded recursion ends in wazero's stack
// overflow trap (IC0502), well within the default limits.
func TestInfiniteRecursion(t *testing.T) {
	e := newTestEngine(t, Config{})
	cn := e.NewCanister(testCanisterID, Settings{})
	t.Cleanup(cn.Close)
	if r, err := cn.Install(context.Background(), Install, meteringModule().bytes(), Message{}); err != nil || r.Reject != nil {
		t.Fatalf("install: %v %v", err, r)
	}
	r := mustUpdate(t, cn, "recurse", nil)
	wantReject(t, r, CanisterTrapped)
	if !strings.Contains(r.Reject.Message, "stack overflow") || r.Instructions == 0 {
		t.Fatalf("reject %q after %d instructions", r.Reject.Message, r.Instructions)
	}
}

// TestInstructionCount: the count is deterministic (the same message
// costs the same every time) and grows with work (n loop iterations cost
// more than n more).
func TestInstructionCount(t *testing.T) {
	cn := meteringCanister(t)
	cost := func(n int) uint64 {
		t.Helper()
		r := mustQuery(t, cn, "count", make([]byte, n))
		if r.Reject != nil {
			t.Fatal(r.Reject)
		}
		if again := mustQuery(t, cn, "count", make([]byte, n)); again.Instructions != r.Instructions {
			t.Fatalf("count(%d) cost %d, then %d", n, r.Instructions, again.Instructions)
		}
		return r.Instructions
	}
	c0, c1, c1000 := cost(0), cost(1), cost(1000)
	if c0 == 0 || c1 <= c0 || c1000-c0 <= 1000 {
		t.Fatalf("costs %d, %d, %d", c0, c1, c1000)
	}
	// Copying the argument is not charged here (no msg_arg_data_copy), so
	// the cost per iteration is the same for every n.
	if per := c1 - c0; c1000-c0 != 1000*per {
		t.Fatalf("1000 iterations cost %d, one %d", c1000-c0, per)
	}
}

// TestPerformanceCounter: ic0.performance_counter(0) is the instructions
// spent so far in the message: it grows with the work done between two
// reads, and the message's total is at least the last read.
func TestPerformanceCounter(t *testing.T) {
	cn := meteringCanister(t)
	read := func(n int) (before, after, total uint64) {
		r := mustQuery(t, cn, "perf", make([]byte, n))
		if r.Reject != nil || len(r.Reply) != 16 {
			t.Fatalf("reply %x reject %v", r.Reply, r.Reject)
		}
		return binary.LittleEndian.Uint64(r.Reply), binary.LittleEndian.Uint64(r.Reply[8:]), r.Instructions
	}
	b0, a0, t0 := read(0)
	b1, a1, t1 := read(500)
	if b0 == 0 || b0 != b1 || a0 <= b0 || a1-b1 <= a0-b0+500 || t0 < a0 || t1 < a1 {
		t.Fatalf("counters %d..%d of %d, %d..%d of %d", b0, a0, t0, b1, a1, t1)
	}
	if b, a, tt := read(500); b != b1 || a != a1 || tt != t1 {
		t.Fatalf("not deterministic: %d..%d of %d, then %d..%d of %d", b1, a1, t1, b, a, tt)
	}
}
