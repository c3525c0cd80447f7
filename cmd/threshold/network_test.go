package main

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

func TestLoadNetwork(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) {
		if err := os.WriteFile(filepath.Join(dir, "network.json"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ json, err string }{
		{`{"version":2}`, "unsupported version"},
		{`{"version":1,"root_key":"zz","api_url":"http://x"}`, "root_key"},
		{`{"version":1,"root_key":"00"}`, "no api_url"},
		{`{`, "unexpected end"},
	} {
		write(tc.json)
		if _, err := loadNetwork(dir); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: err = %v, want %q", tc.json, err, tc.err)
		}
	}
	write(`{"version":1,"root_key":"00","api_url":"http://x","canisters":{"site":"rrkah-fqaaa-aaaaa-aaaaq-cai"},
	  "subnets":[{"id":"a","kind":"system","canister_ranges":[["rwlgt-iiaaa-aaaaa-aaaaa-cai","rwlgt-iiaaa-aaaaa-aaaaa-cai"]]},
	             {"id":"b","kind":"application","canister_ranges":[["rrkah-fqaaa-aaaaa-aaaaq-cai","rrkah-fqaaa-aaaaa-aaaaq-cai"]]}]}`)
	for _, spec := range []string{dir, filepath.Join(dir, "network.json")} {
		n, err := loadNetwork(spec)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := n.canister("site"); err != nil || got != principal.CanisterID(1) {
			t.Errorf("canister site = %v, %v", got, err)
		}
		if got, err := n.creationTarget(); err != nil || got != principal.CanisterID(1) {
			t.Errorf("creation target = %v, %v; want the application subnet's", got, err)
		}
	}
	n, err := loadNetwork("http://127.0.0.1:4943")
	if err != nil || n.rootKey != nil || n.url != "http://127.0.0.1:4943" {
		t.Fatalf("URL network: %+v %v", n, err)
	}
	if got, _ := n.creationTarget(); got != principal.Management {
		t.Errorf("creation target without network.json = %v", got)
	}
	t.Chdir(t.TempDir())
	t.Setenv("THRESHOLD_NETWORK", "")
	if _, err := loadNetwork(""); err == nil || !strings.Contains(err.Error(), "threshold up") {
		t.Errorf("no network: %v", err)
	}
}

func TestParseInterspersed(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	j := fs.Bool("json", false, "")
	n := fs.String("network", "", "")
	pos, err := parseInterspersed(fs, []string{"a", "--json", "b", "--network", "d", "c", "--", "-5", "--json"})
	if err != nil || !*j || *n != "d" || !slices.Equal(pos, []string{"a", "b", "c", "-5", "--json"}) {
		t.Fatalf("pos %q json %v network %q err %v", pos, *j, *n, err)
	}
}
