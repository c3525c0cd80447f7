package exec

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"testing"
)

// TestGreet: a query that depends only on its argument.
func TestGreet(t *testing.T) {
	e := newTestEngine(t, Config{})
	cn := installed(t, e, "greet")
	r := mustQuery(t, cn, "greet", candidText("world"))
	if want := candidText("Hello, world!"); r.Reject != nil || !bytes.Equal(r.Reply, want) {
		t.Fatalf("reply %q reject %v, want %q", r.Reply, r.Reject, want)
	}
}

// TestUpgradeKeepsStableMemory: upgrade runs pre_upgrade on the old module
// and post_upgrade on the new one; stable variables survive, and a
// reinstall wipes everything.
func TestUpgradeKeepsStableMemory(t *testing.T) {
	e := newTestEngine(t, Config{})
	cn := installed(t, e, "stable")
	ctx := context.Background()
	wasm := readCanister(t, "stable")
	mustUpdate(t, cn, "set", candidText("a"))
	steps := []struct {
		name     string
		mode     InstallMode
		get      []byte
		upgrades uint64
	}{
		{"upgrade with the same module keeps the value", Upgrade, candidText("a"), 1},
		{"second upgrade counts again", Upgrade, candidText("a"), 2},
		{"reinstall wipes the state", Reinstall, candidText(""), 0},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			r, err := cn.Install(ctx, s.mode, wasm, Message{Arg: candidEmpty, Caller: testController, Time: 9})
			if err != nil || r.Reject != nil {
				t.Fatalf("install: %v %v", err, r.Reject)
			}
			if got := mustQuery(t, cn, "get", candidEmpty); !bytes.Equal(got.Reply, s.get) {
				t.Fatalf("get = %q, want %q", got.Reply, s.get)
			}
			if got := mustQuery(t, cn, "upgraded", candidEmpty); !bytes.Equal(got.Reply, candidNat(s.upgrades)) {
				t.Fatalf("upgraded = %x, want %x", got.Reply, candidNat(s.upgrades))
			}
		})
	}
}

// TestInstallRules: module validation and install modes.
func TestInstallRules(t *testing.T) {
	e := newTestEngine(t, Config{})
	ctx := context.Background()
	unknownImport := asmModule{types: testTypes, imports: []asmImport{{"ic0", "no_such_call", tVoid}}, memory: 1, start: -1,
		funcs: []asmFunc{{tVoid, "canister_update f", callf(0)}}}
	wrongSig := asmModule{types: testTypes, imports: []asmImport{{"ic0", "msg_reply", tI32x2}}, memory: 1, start: -1,
		funcs: []asmFunc{{tVoid, "canister_update f", nil}}}
	badExport := asmModule{types: testTypes, memory: 1, start: -1, funcs: []asmFunc{{tVoid, "canister_foo", nil}}}
	dupMethod := asmModule{types: testTypes, memory: 1, start: -1, funcs: []asmFunc{{tVoid, "canister_update m", nil}, {tVoid, "canister_query m", nil}}}
	replyInInit := asmModule{types: testTypes, imports: []asmImport{{"ic0", "msg_reply", tVoid}}, memory: 1, start: -1,
		funcs: []asmFunc{{tVoid, "canister_init", callf(0)}}}
	trapInStart := asmModule{types: testTypes, memory: 1, start: 0, funcs: []asmFunc{{tVoid, "", opUnreach}}}
	cases := []struct {
		name string
		wasm []byte
		code ErrorCode
	}{
		{"unknown ic0 import is rejected", unknownImport.bytes(), CanisterInvalidWasm},
		{"import with the wrong signature is rejected", wrongSig.bytes(), CanisterInvalidWasm},
		{"other canister_ export is rejected", badExport.bytes(), CanisterInvalidWasm},
		{"method exported as update and query is rejected", dupMethod.bytes(), CanisterInvalidWasm},
		{"garbage is rejected", []byte("not wasm"), CanisterInvalidWasm},
		{"msg_reply in canister_init traps", replyInInit.bytes(), CanisterContractViolation},
		{"trap in the start function fails the install", trapInStart.bytes(), CanisterTrapped},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cn := e.NewCanister(testCanisterID, Settings{})
			defer cn.Close()
			r, err := cn.Install(ctx, Install, c.wasm, Message{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Reject == nil || r.Reject.ErrorCode != c.code {
				t.Fatalf("reject %v, want %s", r.Reject, c.code)
			}
			if cn.Installed() {
				t.Fatal("failed install left a module")
			}
		})
	}
	t.Run("install into a non-empty canister is IC0514", func(t *testing.T) {
		cn := installed(t, e, "counter")
		r, _ := cn.Install(ctx, Install, readCanister(t, "counter"), Message{Arg: candidEmpty})
		if r.Reject == nil || r.Reject.ErrorCode != CanisterNonEmpty {
			t.Fatalf("reject %v", r.Reject)
		}
	})
	t.Run("message to an empty canister is IC0537", func(t *testing.T) {
		cn := e.NewCanister(testCanisterID, Settings{})
		r, _ := cn.Update(ctx, Message{Method: "inc"})
		if r.Reject == nil || r.Reject.ErrorCode != CanisterWasmModuleNotFound {
			t.Fatalf("reject %v", r.Reject)
		}
	})
	t.Run("memory64 is rejected with a clear error", func(t *testing.T) {
		b := asmModule{types: testTypes, memory: -1, start: -1, funcs: []asmFunc{{tVoid, "", nil}}}.bytes()
		b = append(b, 5, 3, 1, 4, 1) // memory section after code is out of order: use ValidateModule on a crafted one below
		if err := e.ValidateModule(b); !errors.Is(err, ErrInvalidWasm) {
			t.Fatalf("err = %v", err)
		}
		m64 := []byte{0, 'a', 's', 'm', 1, 0, 0, 0, 5, 3, 1, 4, 1}
		if err := e.ValidateModule(m64); !errors.Is(err, ErrUnsupported) {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestGzipModuleAndCompileCache: a gzip module installs, and canisters
// with the same module share one compilation.
func TestGzipModuleAndCompileCache(t *testing.T) {
	e := newTestEngine(t, Config{})
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(readCanister(t, "counter"))
	w.Close()
	a := installed(t, e, "counter")
	b := e.NewCanister([]byte{9}, Settings{})
	t.Cleanup(b.Close)
	if r, err := b.Install(context.Background(), Install, gz.Bytes(), Message{Arg: candidEmpty}); err != nil || r.Reject != nil {
		t.Fatalf("gzip install: %v %v", err, r.Reject)
	}
	if n := e.compiledModules(); n != 1 {
		t.Fatalf("%d compiled modules, want 1", n)
	}
	ha, _ := a.ModuleHash()
	hb, _ := b.ModuleHash()
	if ha != hb {
		t.Fatal("module hashes differ for the same module")
	}
	small := Config{MaxWasmSize: 1000}.withDefaults()
	if _, err := decodeModule(gz.Bytes(), small.MaxWasmSize); !errors.Is(err, ErrModuleTooBig) {
		t.Fatalf("decompression bound: %v", err)
	}
	if md, ok := a.Metadata("candid:service"); !ok || md.Public || !bytes.Contains(md.Data, []byte("inc")) {
		t.Fatalf("metadata candid:service = %+v %v", md, ok)
	}
}
