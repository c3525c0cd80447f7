package exec

import (
	"bytes"
	"context"
	"testing"
)

// Imports of the hand-written module, by function index.
const (
	fReply = iota
	fAppend
	fArgCopy
	fArgSize
	fTrap
	fCertify
	fStableGrow
	fStableWrite
	fStableRead
	fPrint
	numImports
)

var opMemSize = []byte{0x3f, 0}

// replyMem replies with 4 bytes of memory at p.
func replyMem(p int64) []byte { return cat(i32c(p), i32c(4), callf(fAppend), callf(fReply)) }

// specModule exercises the System API rules with one method per rule.
func specModule() asmModule {
	return asmModule{
		types: testTypes,
		imports: []asmImport{
			{"ic0", "msg_reply", tVoid}, {"ic0", "msg_reply_data_append", tI32x2},
			{"ic0", "msg_arg_data_copy", tI32x3}, {"ic0", "msg_arg_data_size", tRetI32},
			{"ic0", "trap", tI32x2}, {"ic0", "certified_data_set", tI32x2},
			{"ic0", "stable64_grow", tI64I64}, {"ic0", "stable64_write", tI64x3},
			{"ic0", "stable64_read", tI64x3}, {"ic0", "debug_print", tI32x2},
		},
		memory: 1,
		global: true,
		start:  -1,
		funcs: []asmFunc{
			{tVoid, "canister_update set", cat(i32c(0), i32c(0), callf(fArgSize), callf(fArgCopy), callf(fReply))},
			{tVoid, "canister_query scribble", cat(i32c(0), i32c(0), callf(fArgSize), callf(fArgCopy), callf(fReply))},
			{tVoid, "canister_query peek", replyMem(0)},
			{tVoid, "canister_update loop", opLoopBr},
			{tVoid, "canister_update twice", cat(callf(fReply), callf(fReply))},
			{tVoid, "canister_update oob_dst", cat(i32c(65530), i32c(0), i32c(100), callf(fArgCopy), callf(fReply))},
			{tVoid, "canister_update oob_src", cat(i32c(0), i32c(5), i32c(10), callf(fArgCopy), callf(fReply))},
			{tVoid, "canister_update gincr", cat(opGlobalGet, i32c(1), opI32Add, opGlobalSet, callf(fReply))},
			{tVoid, "canister_update gtrap", cat(opGlobalGet, i32c(1), opI32Add, opGlobalSet, opUnreach)},
			{tVoid, "canister_query gpeek", cat(i32c(8), opGlobalGet, opI32Store, replyMem(8))},
			{tVoid, "canister_query grow", cat(i32c(1), opMemGrow, opDrop, callf(fReply))},
			{tVoid, "canister_query size", cat(i32c(8), opMemSize, opI32Store, replyMem(8))},
			{tVoid, "canister_query certify", cat(i32c(0), i32c(4), callf(fCertify), callf(fReply))},
			{tVoid, "canister_update certify_upd", cat(i32c(0), i32c(4), callf(fCertify), callf(fReply))},
			{tVoid, "canister_update sset", cat(
				[]byte{0x42, 1}, callf(fStableGrow), opDrop,
				[]byte{0x42, 0, 0x42, 0, 0x42, 4}, callf(fStableWrite), callf(fReply))},
			{tVoid, "canister_query speek", cat([]byte{0x42, 16, 0x42, 0, 0x42, 4}, callf(fStableRead), replyMem(16))},
			{tVoid, "canister_query sscribble", cat(
				[]byte{0x42, 1}, callf(fStableGrow), opDrop,
				i32c(0), i32c(0), callf(fArgSize), callf(fArgCopy),
				[]byte{0x42, 0, 0x42, 0, 0x42, 4}, callf(fStableWrite), callf(fReply))},
			{tVoid, "canister_update noreply", nil},
			{tVoid, "canister_update ugrow", cat(i32c(1), opMemGrow, opDrop, callf(fReply))},
			{tVoid, "canister_update printtrap", cat(i32c(0), i32c(4), callf(fPrint), i32c(0), i32c(4), callf(fTrap))},
		},
	}
}

// TestSystemAPI checks the System API rules of the interface spec
// (PROTOCOL.md §6.2) with a hand-written module.
func TestSystemAPI(t *testing.T) {
	e := newTestEngine(t, Config{UpdateInstructions: 10_000_000, QueryInstructions: 10_000_000})
	cn := e.NewCanister(testCanisterID, Settings{})
	t.Cleanup(cn.Close)
	if r, err := cn.Install(context.Background(), Install, specModule().bytes(), Message{}); err != nil || r.Reject != nil {
		t.Fatalf("install: %v %v", err, r.Reject)
	}
	abcd := []byte("abcd")
	steps := []struct {
		name   string
		query  bool
		method string
		arg    []byte
		reply  []byte
		code   ErrorCode
	}{
		{"update writes memory", false, "set", abcd, []byte{}, 0},
		{"query reads committed memory", true, "peek", nil, abcd, 0},
		{"query memory writes are discarded", true, "scribble", []byte("wxyz"), []byte{}, 0},
		{"after the query memory is committed bytes", true, "peek", nil, abcd, 0},
		{"infinite loop is stopped", false, "loop", nil, nil, CanisterInstructionLimitExceeded},
		{"canister works after the stopped loop", true, "peek", nil, abcd, 0},
		{"msg_reply twice traps", false, "twice", nil, nil, CanisterContractViolation},
		{"copy past end of memory traps", false, "oob_dst", make([]byte, 100), nil, CanisterContractViolation},
		{"copy past end of argument traps", false, "oob_src", make([]byte, 6), nil, CanisterContractViolation},
		{"mutable global is state", false, "gincr", nil, []byte{}, 0},
		{"global read by query", true, "gpeek", nil, []byte{1, 0, 0, 0}, 0},
		{"wasm trap is IC0502 and rolls back globals", false, "gtrap", nil, nil, CanisterTrapped},
		{"global unchanged after trap", true, "gpeek", nil, []byte{1, 0, 0, 0}, 0},
		{"query grows memory", true, "grow", nil, []byte{}, 0},
		{"memory size unchanged after query", true, "size", nil, []byte{1, 0, 0, 0}, 0},
		{"certified_data_set traps in a query", true, "certify", nil, nil, CanisterContractViolation},
		{"stable memory write commits", false, "sset", nil, []byte{}, 0},
		{"stable memory read", true, "speek", nil, abcd, 0},
		{"query stable writes are discarded", true, "sscribble", []byte("WXYZ"), []byte{}, 0},
		{"stable memory unchanged after query", true, "speek", nil, abcd, 0},
		{"update grows memory", false, "ugrow", nil, []byte{}, 0},
		{"grown memory is committed", true, "size", nil, []byte{2, 0, 0, 0}, 0},
		{"committed bytes survive growth", true, "peek", nil, abcd, 0},
		{"update without reply is IC0506", false, "noreply", nil, nil, CanisterDidNotReply},
		{"ic0.trap is IC0503", false, "printtrap", nil, nil, CanisterCalledTrap},
		{"composite-free method missing is IC0536", true, "missing", nil, nil, CanisterMethodNotFound},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			msg := Message{Method: s.method, Arg: s.arg, Time: 5}
			var r *Result
			var err error
			if s.query {
				r, err = cn.Query(context.Background(), msg)
			} else {
				r, err = cn.Update(context.Background(), msg)
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.code != 0 {
				if r.Reject == nil || r.Reject.ErrorCode != s.code || r.Reject.Code != CanisterError {
					t.Fatalf("reply %x reject %v, want %s", r.Reply, r.Reject, s.code)
				}
				return
			}
			if r.Reject != nil || !bytes.Equal(r.Reply, s.reply) {
				t.Fatalf("reply %q reject %v, want %q", r.Reply, r.Reject, s.reply)
			}
		})
	}
}

// TestCertifiedData: certified_data_set in an update commits and is
// reported; a trap message keeps its debug_print log.
func TestCertifiedData(t *testing.T) {
	e := newTestEngine(t, Config{})
	cn := e.NewCanister(testCanisterID, Settings{})
	t.Cleanup(cn.Close)
	ctx := context.Background()
	if r, err := cn.Install(ctx, Install, specModule().bytes(), Message{}); err != nil || r.Reject != nil {
		t.Fatalf("install: %v %v", err, r.Reject)
	}
	mustUpdate(t, cn, "set", []byte("hash"))
	r := mustUpdate(t, cn, "certify_upd", nil)
	if !bytes.Equal(r.CertifiedData, []byte("hash")) || !bytes.Equal(cn.CertifiedData(), []byte("hash")) {
		t.Fatalf("certified data %q / %q", r.CertifiedData, cn.CertifiedData())
	}
	r = mustUpdate(t, cn, "printtrap", nil)
	if len(r.Logs) != 1 || string(r.Logs[0].Message) != "hash" {
		t.Fatalf("logs %+v", r.Logs)
	}
	if r.Reject == nil || !bytes.Contains([]byte(r.Reject.Message), []byte("hash")) {
		t.Fatalf("reject %v", r.Reject)
	}
}
