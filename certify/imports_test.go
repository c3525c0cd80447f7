package certify

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports (STYLE.md §4): certify and certify/hashtree import only the
// standard library and other certify packages, and never blst.
func TestImports(t *testing.T) {
	const module = "github.com/threshold-ic/threshold/"
	for _, dir := range []string{".", "hashtree"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range af.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				first := strings.Split(p, "/")[0]
				switch {
				case strings.HasPrefix(p, module+"certify/"):
				case strings.HasPrefix(p, module):
					t.Errorf("%s imports %s outside certify", f, p)
				case strings.Contains(first, "."):
					t.Errorf("%s imports third-party %s", f, p)
				}
			}
		}
	}
}
