package mgmt

import (
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
)

// TestLifecycle: create → install → status → stop → delete
// (management-canister.md, IC method create/install/status/stop/delete).
func TestLifecycle(t *testing.T) {
	tbl := newTable(t, newEngine(t))
	id := create(t, tbl)
	if id != principal.CanisterID(0) {
		t.Fatalf("first id %s", id)
	}
	if rej := tbl.CheckIngress(id, "inc"); rej == nil || rej.ErrorCode != CanisterWasmModuleNotFound {
		t.Fatalf("empty canister: %v", rej)
	}
	install(t, tbl, id, "variant { install }", "counter")
	if rej := tbl.CheckIngress(id, "inc"); rej != nil {
		t.Fatal(rej)
	}
	if got := decodeOne(t, update(t, tbl, id, "inc", []byte("DIDL\x00\x00")), "(nat)").Big().Int64(); got != 1 {
		t.Fatalf("inc = %d", got)
	}

	st := call(t, tbl, user, "canister_status", idArg(t, "canister_status", id))[0]
	if name, _ := variantName(field(st, "status")); name != "running" {
		t.Fatalf("status %s", name)
	}
	if h, ok := field(st, "module_hash").Opt(); !ok || len(h.Bytes()) != 32 {
		t.Fatal("no module hash")
	}
	if c := field(st, "cycles").Big(); c.Int64() != DefaultProvisionalCycles {
		t.Fatalf("cycles %s", c)
	}
	set := field(st, "settings")
	if ft := field(set, "freezing_threshold").Big().Int64(); ft != DefaultFreezingThreshold {
		t.Fatalf("freezing threshold %d", ft)
	}
	if v := field(st, "version").Uint64(); v < 2 {
		t.Fatalf("version %d after install and an update", v)
	}

	rej := callErr(t, tbl, user, "delete_canister", idArg(t, "delete_canister", id), CanisterNotStopped)
	if !strings.HasPrefix(rej.Message, "Canister "+id.String()+" must be stopped before it is deleted.") {
		t.Fatal(rej.Message)
	}
	call(t, tbl, user, "stop_canister", idArg(t, "stop_canister", id))
	if rej := tbl.CheckIngress(id, "inc"); rej == nil || rej.ErrorCode != CanisterStopped || rej.Message != "Canister "+id.String()+" is stopped" {
		t.Fatalf("stopped: %v", rej)
	}
	st = call(t, tbl, user, "canister_status", idArg(t, "canister_status", id))[0]
	if name, _ := variantName(field(st, "status")); name != "stopped" {
		t.Fatalf("status %s", name)
	}
	call(t, tbl, user, "delete_canister", idArg(t, "delete_canister", id))
	if _, ok := tbl.Get(id); ok {
		t.Fatal("still there")
	}
	if rej := tbl.CheckIngress(id, "inc"); rej == nil || rej.ErrorCode != CanisterNotFound || rej.Code != exec.DestinationInvalid {
		t.Fatalf("deleted: %v", rej)
	}
	callErr(t, tbl, user, "canister_status", idArg(t, "canister_status", id), CanisterNotFound)
	if next := create(t, tbl); next != principal.CanisterID(1) {
		t.Fatalf("deleted id reused or skipped: %s", next)
	}
}

// TestStatusDecodesWithDidType: the reply is canister_status_result of
// ic.did, every field present.
func TestStatusDecodesWithDidType(t *testing.T) {
	tbl := newTable(t, newEngine(t))
	id := create(t, tbl)
	reply, rej := tbl.Call(ctx, Request{Caller: user, Method: "canister_status", Arg: idArg(t, "canister_status", id)})
	if rej != nil {
		t.Fatal(rej)
	}
	did, _ := Interface()
	res := did.Types["canister_status_result"]
	tys, _, err := candid.DecodeAny(reply)
	if err != nil {
		t.Fatal(err)
	}
	if len(tys[0].Fields()) != len(res.Fields()) {
		t.Fatalf("reply has %d fields, the type %d", len(tys[0].Fields()), len(res.Fields()))
	}
	if _, err := candid.Decode(reply, []*candid.Type{res}); err != nil {
		t.Fatal(err)
	}
	// Others may not read it; the canister itself and public visibility may.
	callErr(t, tbl, other, "canister_status", idArg(t, "canister_status", id), CanisterInvalidController)
	if _, rej := tbl.Call(ctx, Request{Caller: id, FromCanister: true, Method: "canister_status", Arg: idArg(t, "canister_status", id)}); rej != nil {
		t.Fatal(rej)
	}
	call(t, tbl, user, "update_settings", encode(t, "update_settings",
		`(record { canister_id = principal "`+id.String()+`"; settings = record { status_visibility = opt variant { public } } })`))
	call(t, tbl, other, "canister_status", idArg(t, "canister_status", id))
}

func TestCanisterOnlyMethods(t *testing.T) {
	tbl := newTable(t, newEngine(t))
	for _, m := range []string{"create_canister", "raw_rand", "deposit_cycles", "canister_info"} {
		rej := callErr(t, tbl, user, m, nil, CanisterRejectedMessage)
		if rej.Message != "Only canisters can call ic00 method "+m {
			t.Fatal(rej.Message)
		}
	}
	canister := create(t, tbl)
	reply, rej := tbl.Call(ctx, Request{Caller: canister, FromCanister: true, Method: "create_canister",
		Arg: encode(t, "create_canister", "(record {})"), Cycles: exec.Cycles{Lo: 7}})
	if rej != nil {
		t.Fatal(rej)
	}
	_, res, _ := signature("create_canister")
	vs, _ := candid.Decode(reply, res)
	child, _ := principal.FromBytes(field(vs[0], "canister_id").Bytes())
	info, _ := tbl.Get(child)
	if info.Cycles.Int64() != 7 || len(info.Controllers) != 1 || info.Controllers[0] != canister {
		t.Fatalf("child %+v", info)
	}
	reply, rej = tbl.Call(ctx, Request{Caller: canister, FromCanister: true, Method: "raw_rand", Arg: []byte("DIDL\x00\x00"), Random: [32]byte{1, 2, 3}})
	if rej != nil || !strings.HasSuffix(string(reply), string([]byte{1, 2, 3})+strings.Repeat("\x00", 29)) {
		t.Fatalf("raw_rand %x %v", reply, rej)
	}
	callErr(t, tbl, user, "no_such_method", nil, CanisterMethodNotFound)
}
