package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/agent/agenttest"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/localnet"
)

// fakeNetwork starts a fake replica and writes a network.json for it.
func fakeNetwork(t *testing.T, canisters map[string]string) (*agenttest.Replica, string) {
	t.Helper()
	t.Setenv("THRESHOLD_HOME", t.TempDir())
	r := agenttest.New(t, agenttest.Options{})
	dir := t.TempDir()
	nf := localnet.File{Version: 1, RootKey: hex.EncodeToString(r.RootKey), APIURL: r.URL, Canisters: canisters,
		Subnets: []localnet.FileSubnet{{ID: r.Subnet.String(), Kind: "application",
			CanisterRanges: [][2]string{{principal.CanisterID(0).String(), principal.CanisterID(0xffff).String()}}}}}
	b, _ := json.Marshal(nf)
	if err := os.WriteFile(filepath.Join(dir, "network.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return r, dir
}

// TestCanisterCommands drives create, install, call, query, status, stop
// and delete against a fake replica that signs with real keys.
func TestCanisterCommands(t *testing.T) {
	r, dir := fakeNetwork(t, nil)
	r.CandidService = "service : { greet : (text) -> (text) query; add : (nat) -> (nat) }"
	net := "--network=" + dir

	id := strings.TrimSpace(mustCLI(t, "canister", "create", net))
	if _, err := principal.Parse(id); err != nil {
		t.Fatalf("create printed %q", id)
	}
	wasm := filepath.Join(t.TempDir(), "m.wasm")
	module := []byte("\x00asm\x01\x00\x00\x00")
	os.WriteFile(wasm, module, 0o644)
	mustCLI(t, "canister", "install", id, "--wasm", wasm, net)

	status := mustCLI(t, "canister", "status", id, net)
	sum := sha256.Sum256(module)
	for _, want := range []string{"Status:       running", fmt.Sprintf("Module hash:  0x%x", sum), "Cycles:"} {
		if !strings.Contains(status, want) {
			t.Errorf("status lacks %q:\n%s", want, status)
		}
	}
	var js map[string]any
	if err := json.Unmarshal([]byte(mustCLI(t, "canister", "status", id, net, "--json")), &js); err != nil {
		t.Fatal(err)
	}
	if js["status"].(map[string]any)["running"] != nil || js["module_hash"] != hex.EncodeToString(sum[:]) {
		t.Errorf("status --json: %v", js)
	}

	// With the canister's candid:service the untyped 5 is a nat.
	if out := mustCLI(t, "canister", "call", net, id, "add", "(5)"); out != "(5)\n" {
		t.Errorf("call add: %q", out)
	}
	if out := mustCLI(t, "canister", "query", id, "greet", `("x")`, net, "--json"); out != "[\n  \"x\"\n]\n" {
		t.Errorf("query greet --json: %q", out)
	}
	if code, _, errs := cli(t, "canister", "call", id, "add", "(-1)", net); code != 1 || !strings.Contains(errs, "encoding the arguments of add") {
		t.Errorf("a negative nat: %d %q", code, errs)
	}
	if code, _, errs := cli(t, "canister", "call", id, "add", "(1, 2)", net); code != 1 || !strings.Contains(errs, "takes 1 argument") {
		t.Errorf("arity: %d %q", code, errs)
	}
	if code, _, errs := cli(t, "canister", "call", id, "nope", net); code != 1 || !strings.Contains(errs, `no method "nope"`) {
		t.Errorf("unknown method: %d %q", code, errs)
	}

	// A .did file overrides the metadata.
	did := filepath.Join(t.TempDir(), "x.did")
	os.WriteFile(did, []byte("type R = record { name : text; n : nat8 };\nservice : { echo : (R) -> (R) }"), 0o644)
	out := mustCLI(t, "canister", "call", id, "echo", `(record { name = "x"; n = 5 })`, "--candid", did, net)
	if out != "(record { n = 5; name = \"x\" })\n" {
		t.Errorf("call echo --candid: %q", out)
	}

	if code, _, errs := cli(t, "canister", "delete", id, net); code != 1 || !strings.Contains(errs, "must be stopped") {
		t.Errorf("delete while running: %d %q", code, errs)
	}
	mustCLI(t, "canister", "stop", id, net)
	if code, _, errs := cli(t, "canister", "call", id, "add", "(1)", net); code != 1 || !strings.Contains(errs, "IC0508") {
		t.Errorf("call a stopped canister: %d %q", code, errs)
	}
	mustCLI(t, "canister", "delete", id, net)
}

// TestCanisterUntyped: without an interface, ARGS are encoded as written
// and the reply decoded by its own types; names from network.json work.
func TestCanisterUntyped(t *testing.T) {
	r, _ := fakeNetwork(t, nil)
	id := r.AddCanister(nil, nil)
	_, dir := fakeNetworkFor(t, r, map[string]string{"hello": id.String()})
	out := mustCLI(t, "canister", "call", "hello", "echo", `(record { name = "x"; n = 5 : nat }, vec { -1 }, opt blob "\01")`, "--network", dir)
	if out != "(record { 110 = 5; 1224700491 = \"x\" }, vec { -1 }, opt blob \"\\01\")\n" {
		t.Errorf("untyped echo: %q", out)
	}
}

// fakeNetworkFor writes a network.json for an existing fake replica.
func fakeNetworkFor(t *testing.T, r *agenttest.Replica, canisters map[string]string) (*agenttest.Replica, string) {
	dir := t.TempDir()
	nf := localnet.File{Version: 1, RootKey: hex.EncodeToString(r.RootKey), APIURL: r.URL, Canisters: canisters}
	b, _ := json.Marshal(nf)
	os.WriteFile(filepath.Join(dir, "network.json"), b, 0o644)
	return r, dir
}

// TestCanisterByURL: a bare URL works, with a warning about the root key.
func TestCanisterByURL(t *testing.T) {
	r, _ := fakeNetwork(t, nil)
	id := r.AddCanister(nil, nil)
	code, out, errs := cli(t, "canister", "query", id.String(), "greet", `("a")`, "--network", r.URL)
	if code != 0 || out != "(\"a\")\n" || !strings.Contains(errs, "not verified") {
		t.Fatalf("query by URL: %d %q %q", code, out, errs)
	}
}

func TestCanisterErrors(t *testing.T) {
	r, dir := fakeNetwork(t, nil)
	id := r.AddCanister(nil, nil).String()
	r.TamperCert = false
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"canister"}, 2, ""},
		{[]string{"canister", "frob"}, 2, "unknown command"},
		{[]string{"canister", "call", id}, 2, "wrong number of arguments"},
		{[]string{"canister", "call", "nobody", "m", "--network", dir}, 1, "neither a canister id nor a canister name"},
		{[]string{"canister", "call", id, "m", "(", "--network", dir}, 1, "ARGS"},
		{[]string{"canister", "call", id, "reject", "--network", dir}, 1, "rejected (code 4, CANISTER_REJECT)"},
		{[]string{"canister", "install", id, "--network", dir}, 1, "--wasm FILE is required"},
		{[]string{"canister", "install", id, "--wasm", "/nonexistent", "--network", dir}, 1, "no such file"},
		{[]string{"canister", "status", id, "--network", filepath.Join(dir, "missing")}, 1, "reading the network"},
		{[]string{"canister", "create", "--cycles", "-5", "--network", dir}, 1, "not a natural number"},
	} {
		code, _, errs := cli(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
}

// TestCanisterEndToEnd starts the real local network in-process (what
// `threshold up` runs) and drives the CLI through a canister's life with
// the Motoko test canisters.
func TestCanisterEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a local network")
	}
	t.Setenv("THRESHOLD_HOME", t.TempDir())
	ln, err := localnet.Start(t.Context(), localnet.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	net := "--network=" + filepath.Dir(ln.NetworkFile)

	mustCLI(t, "identity", "new", "alice")
	mustCLI(t, "identity", "use", "alice")
	me := strings.TrimSpace(mustCLI(t, "identity", "whoami"))

	id := strings.TrimSpace(mustCLI(t, "canister", "create", net))
	counter := "../../replica/testdata/canisters/counter.wasm"
	mustCLI(t, "canister", "install", id, "--wasm", counter, net)
	if out := mustCLI(t, "canister", "call", id, "inc", net); out != "(1)\n" {
		t.Errorf("inc: %q", out)
	}
	if out := mustCLI(t, "canister", "call", id, "add", "(41)", net); out != "(42)\n" {
		t.Errorf("add: %q", out)
	}
	if out := mustCLI(t, "canister", "query", id, "get", net); out != "(42)\n" {
		t.Errorf("get: %q", out)
	}
	if code, _, errs := cli(t, "canister", "call", id, "fail", net); code != 1 || !strings.Contains(errs, "rejected") {
		t.Errorf("fail: %d %q", code, errs)
	}
	if out := mustCLI(t, "canister", "query", id, "get", net); out != "(42)\n" {
		t.Errorf("get after a trap: %q", out)
	}
	wasm, _ := os.ReadFile(counter)
	sum := sha256.Sum256(wasm)
	status := mustCLI(t, "canister", "status", id, net)
	for _, want := range []string{"Status:       running", fmt.Sprintf("0x%x", sum), "Controllers:  " + me} {
		if !strings.Contains(status, want) {
			t.Errorf("status lacks %q:\n%s", want, status)
		}
	}
	mustCLI(t, "canister", "stop", id, net)
	if code, _, errs := cli(t, "canister", "call", id, "inc", net); code != 1 || !strings.Contains(errs, "code 5") {
		t.Errorf("inc on a stopped canister: %d %q", code, errs)
	}
	mustCLI(t, "canister", "delete", id, net)

	greet := strings.TrimSpace(mustCLI(t, "canister", "create", net))
	mustCLI(t, "canister", "install", greet, "--wasm", "../../replica/testdata/canisters/greet.wasm", net)
	did := filepath.Join(t.TempDir(), "greet.did")
	os.WriteFile(did, []byte("service : { greet : (text) -> (text) query }"), 0o644)
	if out := mustCLI(t, "canister", "query", greet, "greet", `("Go")`, "--candid", did, net); out != "(\"Hello, Go!\")\n" {
		t.Errorf("greet: %q", out)
	}
	if out := mustCLI(t, "canister", "query", greet, "greet", `("JSON")`, "--candid", did, "--json", net); out != "[\n  \"Hello, JSON!\"\n]\n" {
		t.Errorf("greet --json: %q", out)
	}

	// A module over the ingress limit goes through the chunk store.
	big := filepath.Join(t.TempDir(), "big.wasm")
	os.WriteFile(big, padWasm(wasm, 3<<20), 0o644)
	mustCLI(t, "canister", "install", greet, "--mode", "reinstall", "--wasm", big, net)
	if out := mustCLI(t, "canister", "call", greet, "inc", net); out != "(1)\n" {
		t.Errorf("inc after a chunked install: %q", out)
	}
}

// padWasm appends a custom section of n bytes to a module.
func padWasm(wasm []byte, n int) []byte {
	name := "threshold:pad"
	body := append([]byte{byte(len(name))}, name...)
	body = append(body, make([]byte, n)...)
	out := append(append([]byte{}, wasm...), 0)
	for v := uint64(len(body)); ; v >>= 7 {
		if v < 0x80 {
			out = append(out, byte(v))
			break
		}
		out = append(out, byte(v)|0x80)
	}
	return append(out, body...)
}
