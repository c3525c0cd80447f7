package serve

import (
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// curl runs the real curl against the server, resolving host to it.
func curl(t *testing.T, s *Server, host string, args ...string) (string, error) {
	t.Helper()
	bin := needTool(t, "curl")
	_, port, _ := net.SplitHostPort(s.Addrs().HTTPS)
	base := []string{"-sS", "--max-time", "20", "--cacert", s.CACertPath(),
		"--resolve", host + ":" + port + ":127.0.0.1"}
	ctx, cancel := context.WithTimeout(context.Background(), timeScale(30*time.Second))
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, append(base, args...)...).CombinedOutput()
	return string(out), err
}

func TestCurlOverHTTP1AndHTTP2(t *testing.T) {
	s := start(t, localOptions(t, t.TempDir(), hello("hi")))
	altSvc := `h3=":` + port(s.Addrs().HTTP3) + `"; ma=86400`
	for _, tc := range []struct {
		flag, version, proto string
	}{
		{"--http1.1", "1.1", "HTTP/1.1"},
		{"--http2", "2", "HTTP/2.0"},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			out, err := curl(t, s, testHost, tc.flag, "-i", "-w", "\nversion=%{http_version}",
				urlFor(s, testHost, "/index.html"))
			if err != nil {
				t.Fatalf("curl: %v\n%s", err, out)
			}
			if !strings.Contains(out, "hi "+tc.proto) || !strings.Contains(out, "version="+tc.version) {
				t.Errorf("curl %s got:\n%s", tc.flag, out)
			}
			if !strings.Contains(strings.ToLower(out), "alt-svc: "+strings.ToLower(altSvc)) {
				t.Errorf("no %q in:\n%s", altSvc, out)
			}
		})
	}
	t.Run("refused name", func(t *testing.T) {
		out, err := curl(t, s, refusedHost, urlFor(s, refusedHost, "/"))
		if err == nil {
			t.Fatalf("curl reached a name the edge cannot map:\n%s", out)
		}
	})
}

func TestHTTP3WithQUICGo(t *testing.T) {
	s := start(t, localOptions(t, t.TempDir(), hello("hi")))
	c, tr := h3Client(s, caPool(t, s))
	defer tr.Close()
	for range 3 { // the second and third reuse the connection
		resp, err := c.Get(urlFor(s, testHost, "/"))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.ProtoMajor != 3 || string(body) != "hi HTTP/3.0" {
			t.Fatalf("%s %q", resp.Proto, body)
		}
		if resp.Header.Get("Alt-Svc") != "" {
			t.Error("Alt-Svc sent over HTTP/3 itself")
		}
	}
}

func TestHTTP3WithNgtcp2Client(t *testing.T) {
	bin := needTool(t, "gtlsclient")
	s := start(t, localOptions(t, t.TempDir(), hello("hi")))
	dl := t.TempDir()
	_, p, _ := net.SplitHostPort(s.Addrs().HTTP3)
	ctx, cancel := context.WithTimeout(context.Background(), timeScale(30*time.Second))
	defer cancel()
	// gtlsclient dials HOST (an address) and sends --sni; it does not
	// check the certificate chain, which the Go clients do.
	cmd := exec.CommandContext(ctx, bin, "--quiet", "--exit-on-all-streams-close", "--download", dl,
		"--sni", testHost, "--timeout", "10s", "127.0.0.1", p, "https://"+testHost+":"+p+"/page.txt")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gtlsclient: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dl, "page.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "hi HTTP/3.0" {
		t.Fatalf("gtlsclient got %q", b)
	}
}

func port(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}
