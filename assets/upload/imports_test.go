package upload

import (
	goparser "go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoNetworkImports: the package reaches the canister only through the
// Canister interface; its own files import no network package.
func TestNoNetworkImports(t *testing.T) {
	forbidden := map[string]bool{"net": true, "net/http": true, "net/url": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ast, err := goparser.ParseFile(token.NewFileSet(), f, src, goparser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); forbidden[p] {
				t.Errorf("%s imports %s", f, p)
			}
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("checked only %d files", checked)
	}
}
