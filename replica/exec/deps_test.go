package exec

import (
	"os/exec"
	"strings"
	"testing"
)

// TestForbiddenImports keeps the execution core pure (STYLE.md 4): no
// network, no HTTP, no other Threshold packages.
func TestForbiddenImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch {
		case dep == "net/http", strings.HasPrefix(dep, "github.com/threshold-ic/threshold/") &&
			!strings.HasPrefix(dep, "github.com/threshold-ic/threshold/replica/exec"):
			t.Errorf("forbidden dependency %s", dep)
		}
	}
}
