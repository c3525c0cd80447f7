package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/edge/serve"
)

// trustEnv is a network directory with a local CA, a stand-in system CA
// directory and an NSS database, all under a temp dir.
type trustEnv struct {
	dir, ca, system, nss, marker string
}

func newTrustEnv(t *testing.T) trustEnv {
	t.Helper()
	if _, err := exec.LookPath("certutil"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("certutil is not installed (Debian libnss3-tools)")
		}
		t.Skip("certutil is not installed (Debian libnss3-tools)")
	}
	root := t.TempDir()
	e := trustEnv{dir: filepath.Join(root, "net"), system: filepath.Join(root, "system"),
		nss: filepath.Join(root, "nssdb"), marker: filepath.Join(root, "updated")}
	var err error
	if e.ca, err = serve.EnsureLocalCA(filepath.Join(e.dir, "edge")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(e.system, 0o755); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e trustEnv) run(t *testing.T, cmd string, extra ...string) (int, string) {
	t.Helper()
	args := append([]string{cmd, "--dir", e.dir, "--system-dir", e.system,
		"--update-cmd", "touch " + e.marker, "--nssdb", e.nss}, extra...)
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String() + errb.String()
}

// nssHas reports whether the NSS database trusts the CA for TLS servers.
func (e trustEnv) nssHas(t *testing.T) bool {
	t.Helper()
	out, err := exec.Command("certutil", "-L", "-d", "sql:"+e.nss).CombinedOutput()
	if err != nil {
		t.Fatalf("certutil -L: %v %s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, serve.CAName) {
			return strings.HasSuffix(strings.TrimSpace(l), "C,,")
		}
	}
	return false
}

func TestTrustInstallsAndUntrustRemoves(t *testing.T) {
	e := newTrustEnv(t)
	for range 2 { // trusting twice is fine
		if code, out := e.run(t, "trust"); code != 0 {
			t.Fatalf("trust: %d %s", code, out)
		}
	}
	want, _ := os.ReadFile(e.ca)
	got, err := os.ReadFile(filepath.Join(e.system, systemCAName))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("system store copy: %v", err)
	}
	if _, err := os.Stat(e.marker); err != nil {
		t.Error("the update command did not run")
	}
	if !e.nssHas(t) {
		t.Fatal("the NSS database does not trust the CA (C,,)")
	}

	os.Remove(e.marker)
	if code, out := e.run(t, "untrust"); code != 0 {
		t.Fatalf("untrust: %d %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(e.system, systemCAName)); !os.IsNotExist(err) {
		t.Error("the system store copy is still there")
	}
	if _, err := os.Stat(e.marker); err != nil {
		t.Error("the update command did not run on untrust")
	}
	if e.nssHas(t) {
		t.Error("the NSS database still has the CA")
	}
	if code, out := e.run(t, "untrust"); code != 0 {
		t.Errorf("untrust of an absent CA: %d %s", code, out)
	}
}

func TestTrustPrefersNetworkFileCA(t *testing.T) {
	e := newTrustEnv(t)
	other, err := serve.EnsureLocalCA(filepath.Join(t.TempDir(), "elsewhere"))
	if err != nil {
		t.Fatal(err)
	}
	nf, _ := json.Marshal(map[string]any{"version": 1, "gateway": map[string]string{"ca_cert": other}})
	if err := os.WriteFile(filepath.Join(e.dir, "network.json"), nf, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := e.run(t, "trust"); code != 0 {
		t.Fatalf("trust: %d %s", code, out)
	}
	want, _ := os.ReadFile(other)
	got, _ := os.ReadFile(filepath.Join(e.system, systemCAName))
	if !bytes.Equal(got, want) {
		t.Error("trust installed the default CA, not network.json's gateway.ca_cert")
	}
}

func TestTrustRefusesWhatIsNotACA(t *testing.T) {
	e := newTrustEnv(t)
	notCA := filepath.Join(t.TempDir(), "x.pem")
	os.WriteFile(notCA, []byte("not a certificate"), 0o644)
	if code, _ := e.run(t, "trust", "--ca", notCA); code != 1 {
		t.Errorf("trust --ca of a non-certificate: exit %d, want 1", code)
	}
	var errb bytes.Buffer
	if code := run([]string{"trust", "--dir", t.TempDir()}, &bytes.Buffer{}, &errb); code != 1 || !strings.Contains(errb.String(), "threshold up") {
		t.Errorf("trust without a CA: exit %d %q", code, errb.String())
	}
}
