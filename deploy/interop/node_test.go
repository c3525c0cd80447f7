package interop

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// node runs a script of this folder with the given arguments, writes in as
// JSON to its standard input and decodes its standard output into out.
func node(t *testing.T, script string, in, out any, args ...string) {
	t.Helper()
	requireNodeModules(t)
	var stdin bytes.Buffer
	if in != nil {
		if err := json.NewEncoder(&stdin).Encode(in); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("node", append([]string{script}, args...)...)
	cmd.Stdin = &stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stderr.String())
	}
	t.Logf("node %s took %v", script, time.Since(start).Round(time.Millisecond))
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		t.Fatalf("node %s: bad output: %v\n%s", script, err, stdout.String())
	}
}

// requireNodeModules skips when the npm packages are not installed, except
// in CI (CI=true) or under deploy/test (THRESHOLD_INTEROP=1), where their
// absence is a failure.
func requireNodeModules(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join("node_modules", "@icp-sdk", "core")); err == nil {
		return
	}
	if os.Getenv("CI") != "" || os.Getenv("THRESHOLD_INTEROP") == "1" {
		t.Fatal("deploy/interop/node_modules is missing: run `npm ci` in deploy/interop (deploy/test does)")
	}
	t.Skip("npm packages not installed; run ./deploy/test or `npm ci` in deploy/interop")
}
