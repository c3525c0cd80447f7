package mgmt

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/exec"
)

func textArg(s string) []byte {
	b, _ := candid.Encode([]*candid.Type{candid.Text}, []candid.Value{candid.TextValue(s)})
	return b
}

func TestInstallRefused(t *testing.T) {
	tbl := newTable(t, newEngine(t))
	id := create(t, tbl)
	wasm := readWasm(t, "counter")
	rej := callErr(t, tbl, other, "install_code", installArg(t, id, "variant { install }", wasm), CanisterInvalidController)
	if !strings.HasPrefix(rej.Message, "Only the controllers of the canister "+id.String()+" can control it.\nCanister's controllers: "+user.String()+"\nSender's ID: "+other.String()) {
		t.Fatal(rej.Message)
	}
	if rej := tbl.CheckManagementIngress(other, "install_code", installArg(t, id, "variant { install }", wasm)); rej == nil ||
		rej.Message != "Only controllers of canister "+id.String()+" can call ic00 method install_code" {
		t.Fatalf("ingress filter: %v", rej)
	}
	callErr(t, tbl, user, "install_code", installArg(t, id, "variant { upgrade }", wasm), CanisterWasmModuleNotFound)
	callErr(t, tbl, user, "install_code", installArg(t, id, "variant { install }", []byte("not wasm")), CanisterInvalidWasm)
	install(t, tbl, id, "variant { install }", "counter")
	rej = callErr(t, tbl, user, "install_code", installArg(t, id, "variant { install }", wasm), CanisterNonEmpty)
	if !strings.HasPrefix(rej.Message, "Canister "+id.String()+" cannot be installed because the canister is not empty.") {
		t.Fatal(rej.Message)
	}
	callErr(t, tbl, user, "install_code", installArg(t, id, "variant { upgrade = opt record { wasm_memory_persistence = opt variant { keep } } }", wasm), CanisterContractViolation)
}

// TestUpgradeKeepsStable: upgrade keeps stable variables, skip_pre_upgrade
// keeps what the last upgrade stored, and reinstall wipes everything.
func TestUpgradeKeepsStable(t *testing.T) {
	tbl := newTable(t, newEngine(t))
	id := create(t, tbl)
	install(t, tbl, id, "variant { install }", "stable")
	update(t, tbl, id, "set", textArg("one"))
	install(t, tbl, id, "variant { upgrade }", "stable")
	if got := decodeOne(t, query(t, tbl, id, "get"), "(text)").Text(); got != "one" {
		t.Fatalf("after upgrade: %q", got)
	}
	update(t, tbl, id, "set", textArg("two"))
	// pre_upgrade skipped: Motoko emptied its stable memory after the
	// last upgrade, so post_upgrade finds nothing and traps; the upgrade
	// is undone and the canister keeps "two".
	rej := callErr(t, tbl, user, "install_code", installArg(t, id, "variant { upgrade = opt record { skip_pre_upgrade = opt true } }", readWasm(t, "stable")), exec.CanisterCalledTrap)
	if !strings.HasPrefix(rej.Message, "Error from Canister "+id.String()+": ") {
		t.Fatal(rej.Message)
	}
	if got := decodeOne(t, query(t, tbl, id, "get"), "(text)").Text(); got != "two" {
		t.Fatalf("after failed skip_pre_upgrade: %q", got)
	}
	install(t, tbl, id, "variant { upgrade = opt record { skip_pre_upgrade = opt false } }", "stable")
	if got := decodeOne(t, query(t, tbl, id, "get"), "(text)").Text(); got != "two" {
		t.Fatalf("after upgrade: %q", got)
	}
	install(t, tbl, id, "variant { reinstall }", "stable")
	if got := decodeOne(t, query(t, tbl, id, "get"), "(text)").Text(); got != "" {
		t.Fatalf("after reinstall: %q", got)
	}
	// Uninstall keeps the version going; a later install continues it.
	v0 := tbl.version(tbl.byID[id])
	call(t, tbl, user, "uninstall_code", idArg(t, "uninstall_code", id))
	install(t, tbl, id, "variant { install }", "stable")
	if v := tbl.version(tbl.byID[id]); v != v0+2 {
		t.Fatalf("version %d, want %d", v, v0+2)
	}
}

// TestChunkedInstall installs counter.wasm from three chunks.
func TestChunkedInstall(t *testing.T) {
	tbl := newTable(t, newEngine(t))
	id := create(t, tbl)
	wasm := readWasm(t, "counter")
	third := len(wasm)/3 + 1
	var hashes []string
	for i := 0; i < len(wasm); i += third {
		chunk := wasm[i:min(i+third, len(wasm))]
		vs := call(t, tbl, user, "upload_chunk", encodeChunk(t, id, chunk))
		h := field(vs[0], "hash").Bytes()
		if sum := sha256.Sum256(chunk); string(h) != string(sum[:]) {
			t.Fatal("chunk hash")
		}
		hashes = append(hashes, fmt.Sprintf(`record { hash = blob "%s" }`, blobText(h)))
	}
	stored := call(t, tbl, user, "stored_chunks", idArg(t, "stored_chunks", id))[0]
	if stored.Len() != 3 {
		t.Fatalf("%d chunks stored", stored.Len())
	}
	sum := sha256.Sum256(wasm)
	arg := func(hash []byte) []byte {
		return encode(t, "install_chunked_code", fmt.Sprintf(`(record { mode = variant { install }; target_canister = principal "%s"; chunk_hashes_list = vec { %s }; wasm_module_hash = blob "%s"; arg = blob "DIDL\00\00" })`,
			id, strings.Join(hashes, "; "), blobText(hash)))
	}
	callErr(t, tbl, user, "install_chunked_code", arg(make([]byte, 32)), CanisterContractViolation)
	callErr(t, tbl, other, "install_chunked_code", arg(sum[:]), CanisterInvalidController)
	call(t, tbl, user, "install_chunked_code", arg(sum[:]))
	if got := decodeOne(t, update(t, tbl, id, "inc", []byte("DIDL\x00\x00")), "(nat)").Big().Int64(); got != 1 {
		t.Fatalf("inc = %d", got)
	}
	call(t, tbl, user, "clear_chunk_store", idArg(t, "clear_chunk_store", id))
	if call(t, tbl, user, "stored_chunks", idArg(t, "stored_chunks", id))[0].Len() != 0 {
		t.Fatal("store not cleared")
	}
	callErr(t, tbl, user, "upload_chunk", encodeChunk(t, id, make([]byte, MaxChunkSize+1)), CanisterContractViolation)
}

func encodeChunk(t testing.TB, id interface{ Bytes() []byte }, chunk []byte) []byte {
	args, _, _ := signature("upload_chunk")
	b, err := candid.Encode(args, []candid.Value{candid.RecordValue(
		candid.NamedValue("canister_id", candid.PrincipalValue(id.Bytes())),
		candid.NamedValue("chunk", candid.BlobValue(chunk)))})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func blobText(b []byte) string {
	var s strings.Builder
	for _, x := range b {
		fmt.Fprintf(&s, `\%02x`, x)
	}
	return s.String()
}
