// Package vectors finds and loads the protocol test vectors kept in
// ../shared/vectors beside the module root. Tests use it; production code
// never does.
package vectors

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the directory that holds the shared vectors. It walks up from
// the working directory to the module root (the directory with go.mod) and
// looks beside it. THRESHOLD_VECTORS overrides the search.
func Dir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("THRESHOLD_VECTORS"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatalf("vectors: %v", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			v := filepath.Join(filepath.Dir(d), "shared", "vectors")
			if _, err := os.Stat(v); err != nil {
				tb.Fatalf("vectors: %s not found beside the module root: %v", v, err)
			}
			return v
		}
		if filepath.Dir(d) == d {
			tb.Fatalf("vectors: no go.mod above %s", wd)
		}
	}
}

// Load decodes the JSON file name (for example "bls.json") into v.
func Load(tb testing.TB, name string, v any) {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(Dir(tb), name))
	if err != nil {
		tb.Fatalf("vectors: %v", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("vectors: %s: %v", name, err)
	}
}

// Hex decodes a hex string from a vector file, failing the test on error.
func Hex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatalf("vectors: bad hex %q: %v", s, err)
	}
	return b
}
