package httpcert

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the package inside its import rule: the standard
// library and the module's certify packages only (DESIGN.md; certify
// imports nothing else of ours).
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	const module = "github.com/threshold-ic/threshold/"
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(p, "/")
			switch {
			case p == module+"certify" || strings.HasPrefix(p, module+"certify/"):
			case !strings.Contains(first, "."):
			default:
				t.Errorf("%s imports %s", name, p)
			}
		}
	}
}
