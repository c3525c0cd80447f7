package threshold_test

import (
	"go/build"
	"strings"
	"testing"
)

// TestImports: certify/threshold imports only the standard library and
// certify/bls (never blst directly).
func TestImports(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if imp != "github.com/threshold-ic/threshold/certify/bls" && strings.Contains(strings.Split(imp, "/")[0], ".") {
			t.Errorf("certify/threshold imports %s", imp)
		}
	}
}
