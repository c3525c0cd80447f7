package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/identity"
)

// cli runs the binary's entry point and returns the exit code and output.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	if strings.Contains(errb.String(), "goroutine ") || strings.Contains(errb.String(), "panic:") {
		t.Fatalf("run(%v) printed a stack trace:\n%s", args, errb.String())
	}
	return code, out.String(), errb.String()
}

// mustCLI runs the CLI and fails the test unless it exits 0.
func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := cli(t, args...)
	if code != 0 {
		t.Fatalf("threshold %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

func TestIdentityCommands(t *testing.T) {
	home := t.TempDir()
	t.Setenv("THRESHOLD_HOME", home)

	// whoami creates the default identity on first use.
	code, who, errs := cli(t, "identity", "whoami")
	if code != 0 || !strings.Contains(errs, `Created identity "default"`) {
		t.Fatalf("whoami: %d %q %q", code, who, errs)
	}
	pem, err := os.ReadFile(filepath.Join(home, "identity", "default", "identity.pem"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := identity.ParsePEM(pem)
	if err != nil || strings.TrimSpace(who) != id.Sender().String() {
		t.Fatalf("whoami %q, PEM holds %v (%v)", who, id.Sender(), err)
	}
	if again := mustCLI(t, "identity", "whoami"); again != who {
		t.Fatalf("second whoami %q, want %q", again, who)
	}

	out := mustCLI(t, "identity", "new", "--type", "secp256k1", "alice")
	if !strings.Contains(out, `Created identity "alice"`) {
		t.Fatalf("new: %q", out)
	}
	if code, _, errs := cli(t, "identity", "new", "alice"); code != 1 || !strings.Contains(errs, "already exists") {
		t.Fatalf("new over an existing identity: %d %q", code, errs)
	}
	if out := mustCLI(t, "identity", "list"); out != "  alice\n* default\n" {
		t.Fatalf("list: %q", out)
	}
	mustCLI(t, "identity", "use", "alice")
	if out := mustCLI(t, "identity", "list"); out != "* alice\n  default\n" {
		t.Fatalf("list after use: %q", out)
	}
	alice := mustCLI(t, "identity", "whoami")
	if alice == who {
		t.Fatal("whoami did not follow `identity use`")
	}
	exported := mustCLI(t, "identity", "export", "alice")
	if !strings.Contains(exported, "EC PRIVATE KEY") {
		t.Fatalf("export: %q", exported)
	}
	// A PEM path works wherever a name does, and import copies one in.
	path := filepath.Join(t.TempDir(), "bob.pem")
	if err := os.WriteFile(path, []byte(exported), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := mustCLI(t, "identity", "whoami", "--identity", path); got != alice {
		t.Fatalf("whoami --identity PEM: %q, want %q", got, alice)
	}
	mustCLI(t, "identity", "import", "bob", path)
	if got := mustCLI(t, "identity", "whoami", "--identity", "bob"); got != alice {
		t.Fatalf("imported identity: %q, want %q", got, alice)
	}
}

// TestIdentityDfxPEM: a PEM as dfx writes it is read unchanged.
func TestIdentityDfxPEM(t *testing.T) {
	t.Setenv("THRESHOLD_HOME", t.TempDir())
	files, _ := filepath.Glob("../../replica/api/identity/testdata/*.pem")
	if len(files) == 0 {
		t.Fatal("no PEM test data in replica/api/identity/testdata")
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if _, err := identity.ParsePEM(b); err != nil {
			continue // test data for refusals
		}
		mustCLI(t, "identity", "whoami", "--identity", f)
	}
}

func TestIdentityErrors(t *testing.T) {
	t.Setenv("THRESHOLD_HOME", t.TempDir())
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"identity"}, 2, ""},
		{[]string{"identity", "frob"}, 2, "unknown command"},
		{[]string{"identity", "new"}, 2, "want 1 argument"},
		{[]string{"identity", "new", "../evil"}, 1, "invalid identity name"},
		{[]string{"identity", "new", "--type", "rsa", "x"}, 1, "unknown key type"},
		{[]string{"identity", "use", "nobody"}, 1, "no identity at"},
		{[]string{"identity", "whoami", "--identity", "/nonexistent/x.pem"}, 1, "no identity at"},
	} {
		code, _, errs := cli(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
}
