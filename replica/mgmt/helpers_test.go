package mgmt

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
)

var (
	user  = principal.SelfAuthenticating([]byte("user key"))
	other = principal.SelfAuthenticating([]byte("other key"))
	ctx   = context.Background()
)

func readWasm(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "canisters", name+".wasm"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newEngine(t testing.TB) *exec.Engine {
	t.Helper()
	eng, err := exec.NewEngine(ctx, exec.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close(ctx) })
	return eng
}

func newTable(t testing.TB, eng *exec.Engine) *Table {
	t.Helper()
	tbl, err := NewTable(eng, []Range{{Low: principal.CanisterID(0), High: principal.CanisterID(0xFFFFF)}},
		Config{SubnetID: principal.SelfAuthenticating([]byte("subnet"))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tbl.Close)
	return tbl
}

// encode encodes a single argument of method from Candid text.
func encode(t testing.TB, method, text string) []byte {
	t.Helper()
	args, _, err := signature(method)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := candid.ParseArgs(text)
	if err != nil {
		t.Fatal(err)
	}
	b, err := candid.Encode(args, vs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// call runs a management method and fails the test on a rejection.
func call(t testing.TB, tbl *Table, caller principal.Principal, method string, arg []byte) []candid.Value {
	t.Helper()
	reply, rej := tbl.Call(ctx, Request{Caller: caller, Method: method, Arg: arg, Time: 1_700_000_000_000_000_000})
	if rej != nil {
		t.Fatalf("%s: %v", method, rej)
	}
	_, results, _ := signature(method)
	vs, err := candid.Decode(reply, results)
	if err != nil {
		t.Fatalf("%s reply: %v", method, err)
	}
	return vs
}

// callErr runs a management method that must be rejected with code.
func callErr(t testing.TB, tbl *Table, caller principal.Principal, method string, arg []byte, code exec.ErrorCode) *Reject {
	t.Helper()
	_, rej := tbl.Call(ctx, Request{Caller: caller, Method: method, Arg: arg})
	if rej == nil || rej.ErrorCode != code || rej.Code != code.RejectCode() {
		t.Fatalf("%s: got %v, want %s", method, rej, code)
	}
	return rej
}

func idArg(t testing.TB, method string, id principal.Principal) []byte {
	return encode(t, method, `(record { canister_id = principal "`+id.String()+`" })`)
}

// create makes a canister controlled by user.
func create(t testing.TB, tbl *Table) principal.Principal {
	t.Helper()
	vs := call(t, tbl, user, "provisional_create_canister_with_cycles", encode(t, "provisional_create_canister_with_cycles", "(record {})"))
	id, err := principal.FromBytes(field(vs[0], "canister_id").Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func installArg(t testing.TB, id principal.Principal, mode string, wasm []byte) []byte {
	t.Helper()
	args, _, _ := signature("install_code")
	m, err := candid.ParseValue(mode)
	if err != nil {
		t.Fatal(err)
	}
	b, err := candid.Encode(args, []candid.Value{candid.RecordValue(
		candid.NamedValue("mode", m),
		candid.NamedValue("canister_id", candid.PrincipalValue(id.Bytes())),
		candid.NamedValue("wasm_module", candid.BlobValue(wasm)),
		candid.NamedValue("arg", candid.BlobValue([]byte("DIDL\x00\x00"))),
	)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func install(t testing.TB, tbl *Table, id principal.Principal, mode, name string) {
	t.Helper()
	call(t, tbl, user, "install_code", installArg(t, id, mode, readWasm(t, name)))
}

// update runs an update method of a canister and returns its reply.
func update(t testing.TB, tbl *Table, id principal.Principal, method string, arg []byte) []byte {
	t.Helper()
	info, _ := tbl.Get(id)
	res, err := info.Canister.Update(ctx, exec.Message{Method: method, Arg: arg, Caller: user.Bytes()})
	if err != nil || res.Reject != nil {
		t.Fatalf("%s: %v %v", method, err, res.Reject)
	}
	return res.Reply
}

func query(t testing.TB, tbl *Table, id principal.Principal, method string) []byte {
	t.Helper()
	info, _ := tbl.Get(id)
	res, err := info.Canister.Query(ctx, exec.Message{Method: method, Arg: []byte("DIDL\x00\x00"), Caller: user.Bytes()})
	if err != nil || res.Reject != nil {
		t.Fatalf("%s: %v %v", method, err, res.Reject)
	}
	return res.Reply
}

func decodeOne(t testing.TB, b []byte, typ string) candid.Value {
	t.Helper()
	ts, err := candid.ParseTypes(typ)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := candid.Decode(b, ts)
	if err != nil || len(vs) != 1 {
		t.Fatalf("decode %x: %v", b, err)
	}
	return vs[0]
}
