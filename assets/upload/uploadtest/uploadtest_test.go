package uploadtest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// walk returns the files under dir: slash path to content.
func walk(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGenerateSite(t *testing.T) {
	for _, tc := range []struct {
		files int
		total int64
	}{{1, 0}, {1, 1000}, {7, 10}, {100, 1 << 20}, {250, 3_000_001}} {
		dir := t.TempDir()
		if err := GenerateSite(dir, tc.files, tc.total, 42); err != nil {
			t.Fatal(err)
		}
		got := walk(t, dir)
		if len(got) != tc.files {
			t.Errorf("%d files, want %d", len(got), tc.files)
		}
		var sum int64
		for _, b := range got {
			sum += int64(len(b))
		}
		if sum != tc.total {
			t.Errorf("%d files: %d bytes, want %d", tc.files, sum, tc.total)
		}
		if _, ok := got["index.html"]; !ok {
			t.Errorf("no index.html among %d files", len(got))
		}
	}
}

func TestGenerateSiteDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []struct {
		dir  string
		seed int64
	}{{a, 1}, {b, 1}, {c, 2}} {
		if err := GenerateSite(d.dir, 60, 200_000, d.seed); err != nil {
			t.Fatal(err)
		}
	}
	wa, wb, wc := walk(t, a), walk(t, b), walk(t, c)
	same := func(x, y map[string][]byte) bool {
		if len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if !bytes.Equal(v, y[k]) {
				return false
			}
		}
		return true
	}
	if !same(wa, wb) {
		t.Error("the same seed gave different sites")
	}
	if same(wa, wc) {
		t.Error("different seeds gave the same site")
	}
}

func TestGenerateSiteRefuses(t *testing.T) {
	if err := GenerateSite(t.TempDir(), 0, 10, 1); err == nil {
		t.Error("zero files accepted")
	}
	if err := GenerateSite(t.TempDir(), 1, -1, 1); err == nil {
		t.Error("negative size accepted")
	}
}
