package interop

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// TestAssetManager drives the Go asset canister that `threshold up`
// installs (demo_site) with DFINITY's uploader, @dfinity/assets 3.4.3: a
// stranger's identity can read but every change is refused; once the
// network's identity authorizes it (`threshold canister call ...
// authorize`), AssetManager stores small and large files, batches
// changes, lists, reads back whole and by chunks, checks the v1
// certification of what it reads, and deletes.
func TestAssetManager(t *testing.T) {
	requireNodeModules(t)
	u := startUp(t, t.TempDir())
	site := u.net.Canisters["demo_site"]
	if site == "" {
		t.Fatalf("network.json names no demo_site: %v", u.net.Canisters)
	}
	seed := make([]byte, 32)
	rand.Read(seed)
	run := func(phase string) (string, map[string]stepResult) {
		var out struct {
			Principal string       `json:"principal"`
			Steps     []stepResult `json:"steps"`
		}
		node(t, "assets.mjs", nil, &out, u.file, site, hex.EncodeToString(seed), phase)
		steps := map[string]stepResult{}
		for _, s := range out.Steps {
			steps[s.Name] = s
			if !s.OK {
				t.Errorf("%s: %s: %s", phase, s.Name, s.Error)
			}
		}
		return out.Principal, steps
	}

	who, steps := run("refused")
	if len(steps) != 5 {
		t.Fatalf("refused phase ran %d steps: %v", len(steps), steps)
	}
	for name, s := range steps {
		if strings.HasSuffix(name, "refused") && !strings.Contains(fmt.Sprint(s.Value), "Reject") {
			t.Errorf("%s: refused with %v, want a canister reject", name, s.Value)
		}
	}

	home := t.TempDir()
	runThreshold(t, home, "canister", "call", "--network", u.dir, "--identity", u.net.IdentityPEM,
		"demo_site", "authorize", fmt.Sprintf("(principal %q)", who))

	_, steps = run("allowed")
	want := map[string]string{
		"list":           "[/batch/one.html /batch/two.css /data/large.bin /hello.txt]",
		"list sha256":    "true",
		"get small":      "map[certified:true same:true sha:true type:text/plain]",
		"get batch file": "map[certified:true text:<h1>one</h1> type:text/html]",
		"delete":         "false",
	}
	for name, v := range want {
		if got := fmt.Sprint(steps[name].Value); got != v {
			t.Errorf("%s = %s, want %s", name, got, v)
		}
	}
	large := fmt.Sprint(steps["get large"].Value)
	if !strings.Contains(large, "certified:true") || !strings.Contains(large, "same:true") || strings.Contains(large, "chunks:1 ") {
		t.Errorf("get large = %s, want certified, same content, several chunks", large)
	}
}
