package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/threshold-ic/threshold/replica/localnet"
)

// TestAssetsSync puts a folder on a new asset canister by name through a
// network directory and through a bare URL, then syncs again: the name
// resolves to the same canister (network.json; ./canister_names.json for
// the URL), the module is left alone and nothing is uploaded.
func TestAssetsSync(t *testing.T) {
	t.Setenv("THRESHOLD_HOME", t.TempDir())
	t.Chdir(t.TempDir())
	dir := t.TempDir()
	ln, err := localnet.Start(context.Background(), localnet.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<!doctype html><title>hi</title>"), 0o644)
	os.WriteFile(filepath.Join(site, "app.js"), []byte("console.log('hi')\n"), 0o644)
	pem := filepath.Join(dir, "identity.pem")

	sync := func(network string, flags ...string) siteResult {
		t.Helper()
		var res siteResult
		out := mustCLI(t, append([]string{"assets", "sync", "--network", network, "--identity", pem, "--json", "web", site}, flags...)...)
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("--json printed %q: %v", out, err)
		}
		return res
	}
	first := sync(dir)
	if !first.Created || first.Installed != "installed" || first.Report.Created != 2 {
		t.Fatalf("first sync: %+v %+v", first, first.Report)
	}
	var nf localnet.File
	b, _ := os.ReadFile(filepath.Join(dir, "network.json"))
	if json.Unmarshal(b, &nf); nf.Canisters["web"] != first.Canister {
		t.Errorf("network.json names web %q, want %s", nf.Canisters["web"], first.Canister)
	}
	again := sync(dir)
	if again.Created || again.Canister != first.Canister || again.Installed != "unchanged" || again.Report.ContentBytes != 0 {
		t.Errorf("second sync: %+v %+v", again, again.Report)
	}

	byURL := sync(ln.APIURL, "--ecid", ln.FirstAppCanister().String())
	if !byURL.Created || byURL.Canister == first.Canister {
		t.Fatalf("a URL network knows no names yet, so web is created there: %+v", byURL)
	}
	if again := sync(ln.APIURL); again.Created || again.Canister != byURL.Canister {
		t.Errorf("the URL network's name web resolves to %s, want %s", again.Canister, byURL.Canister)
	}
	if _, err := os.Stat(urlNamesFile); err != nil {
		t.Error(err)
	}
	if code, _, _ := cli(t, "assets", "sync", "--network", dir, "--identity", pem, "bad name!", site); code == 0 {
		t.Error("an invalid name was accepted")
	}
}
