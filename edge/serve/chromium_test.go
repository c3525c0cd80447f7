package serve

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestChromiumTrustsTheLocalCA loads a canister host in headless Chromium
// over HTTP/2 and forced HTTP/3, trusting the local CA through an NSS
// database (as `threshold trust` sets it up), or with no trust at all but
// the leaf key pinned with LeafSPKI.
func TestChromiumTrustsTheLocalCA(t *testing.T) {
	chromium := needTool(t, "chromium")
	certutil := needTool(t, "certutil")
	s := start(t, localOptions(t, t.TempDir(), hello("hi")))
	nssHome, bareHome := t.TempDir(), t.TempDir()
	db := "sql:" + filepath.Join(nssHome, ".pki", "nssdb")
	os.MkdirAll(filepath.Join(nssHome, ".pki", "nssdb"), 0o700)
	for _, args := range [][]string{
		{"-N", "-d", db, "--empty-password"},
		{"-A", "-d", db, "-n", CAName, "-t", "C,,", "-i", s.CACertPath()},
	} {
		if out, err := exec.Command(certutil, args...).CombinedOutput(); err != nil {
			t.Fatalf("certutil %v: %v %s", args, err, out)
		}
	}
	h3 := "--origin-to-force-quic-on=" + testHost + ":" + port(s.Addrs().HTTPS)
	pin := "--ignore-certificate-errors-spki-list=" + s.LeafSPKI()
	for i, tc := range []struct {
		name, home string
		flags      []string
		want       string
	}{
		{"NSS trust HTTP/2", nssHome, nil, "hi HTTP/2.0"},
		{"NSS trust forced HTTP/3", nssHome, []string{h3}, "hi HTTP/3.0"},
		{"SPKI pin HTTP/2", bareHome, []string{pin}, "hi HTTP/2.0"},
		{"SPKI pin forced HTTP/3", bareHome, []string{pin, h3}, "hi HTTP/3.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), timeScale(60*time.Second))
			defer cancel()
			args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
				"--user-data-dir=" + filepath.Join(tc.home, "profile"+strconv.Itoa(i)),
				// *.localhost resolves to ::1 too; the test server is on
				// 127.0.0.1 only.
				"--host-resolver-rules=MAP * 127.0.0.1", "--dump-dom"}, tc.flags...)
			cmd := exec.CommandContext(ctx, chromium, append(args, urlFor(s, testHost, "/"))...)
			cmd.Env = append(os.Environ(), "HOME="+tc.home)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("chromium: %v\n%s", err, stderr.String())
			}
			if !strings.Contains(string(out), tc.want) {
				t.Fatalf("chromium got %q, want %q\n%s", out, tc.want, stderr.String())
			}
		})
	}
	t.Run("no trust fails", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), timeScale(60*time.Second))
		defer cancel()
		cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--user-data-dir="+filepath.Join(bareHome, "untrusted"), "--host-resolver-rules=MAP * 127.0.0.1",
			"--dump-dom", urlFor(s, testHost, "/"))
		cmd.Env = append(os.Environ(), "HOME="+bareHome)
		out, _ := cmd.Output()
		if strings.Contains(string(out), "hi HTTP") {
			t.Fatal("Chromium loaded the page without trusting the CA")
		}
	})
}
