package bls_test

import (
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const blstPath = "github.com/supranational/blst/bindings/go"

// TestImports keeps the package's promise about its dependencies: it
// imports only the standard library and blst.
func TestImports(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if imp != blstPath && strings.Contains(strings.Split(imp, "/")[0], ".") {
			t.Errorf("certify/bls imports %s; only the standard library and blst are allowed", imp)
		}
	}
}

// TestOnlyPackageImportingBlst walks the module and fails when any file
// outside certify/bls imports blst (STYLE.md §5: one package touches blst).
func TestOnlyPackageImportingBlst(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not at %s: %v", root, err)
	}
	here, _ := filepath.Abs(".")
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == here || (path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return nil // not ours to judge; the build reports it
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); strings.HasPrefix(p, "github.com/supranational/blst") {
				rel, _ := filepath.Rel(root, path)
				t.Errorf("%s imports blst; only certify/bls may", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
