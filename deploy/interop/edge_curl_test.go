package interop

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// curlAnswer is what curl received, or its exit code when it failed.
type curlAnswer struct {
	exit    int
	status  string // "200"
	version string // "1.1", "2"
	header  http.Header
	body    string
	stderr  string
}

// curl runs Debian's curl with args and the URL last.
func curl(t *testing.T, args ...string) curlAnswer {
	t.Helper()
	bin := needTool(t, "curl")
	dir := t.TempDir()
	hdr, body := filepath.Join(dir, "h"), filepath.Join(dir, "b")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	all := append([]string{"-sS", "--max-time", "20", "-D", hdr, "-o", body, "-w", "%{http_code} %{http_version}"}, args...)
	cmd := exec.CommandContext(ctx, bin, all...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	a := curlAnswer{stderr: stderr.String(), header: http.Header{}}
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("curl: %v", err)
		}
		a.exit, a.stderr = ee.ExitCode(), stderr.String()
		return a
	}
	a.status, a.version, _ = strings.Cut(strings.TrimSpace(stdout.String()), " ")
	b, _ := os.ReadFile(body)
	a.body = string(b)
	h, _ := os.ReadFile(hdr)
	for _, line := range strings.Split(string(h), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok && !strings.HasPrefix(k, "HTTP/") {
			a.header.Add(textproto.CanonicalMIMEHeaderKey(k), strings.TrimSpace(v))
		}
	}
	return a
}

// TestEdgeCurl drives the edge of `threshold up` with curl over HTTP/1.1
// and HTTP/2, as the edge issue asks: a verified page with its
// IC-Certificate and an Alt-Svc that advertises HTTP/3 on the same port,
// the raw domain, the development HTTP port, each resolution failure with
// its own status and page, and the IC HTTP API forwarded under /api.
func TestEdgeCurl(t *testing.T) {
	needTool(t, "curl")
	n := startEdgeNet(t)
	resolve := func(host, port string) []string {
		return []string{"--cacert", n.ca, "--resolve", host + ":" + port + ":127.0.0.1"}
	}
	for _, proto := range []struct{ flag, version string }{{"--http1.1", "1.1"}, {"--http2", "2"}} {
		t.Run("verified page over HTTP/"+proto.version, func(t *testing.T) {
			a := curl(t, append(resolve(n.host(), n.httpsPort), proto.flag, n.url("/"))...)
			if a.exit != 0 || a.status != "200" || a.version != proto.version {
				t.Fatalf("curl: exit %d, status %q, HTTP/%s\n%s", a.exit, a.status, a.version, a.stderr)
			}
			if !strings.Contains(a.body, "Hello from a certified canister") {
				t.Errorf("body %q", a.body)
			}
			if c := a.header.Get("Ic-Certificate"); !strings.Contains(c, "certificate=:") || !strings.Contains(c, "version=2") {
				t.Errorf("IC-Certificate %q", c)
			}
			if a.header.Get("Ic-Certificateexpression") == "" {
				t.Error("no IC-CertificateExpression header")
			}
			if alt := a.header.Get("Alt-Svc"); !strings.Contains(alt, `h3=":`+n.httpsPort+`"`) {
				t.Errorf("Alt-Svc %q does not advertise h3 on %s", alt, n.httpsPort)
			}
			noEdgeHeaders(t, "verified page", a.header)
		})
	}
	t.Run("raw domain", func(t *testing.T) {
		raw := n.canister + ".raw.localhost"
		a := curl(t, append(resolve(raw, n.httpsPort), "https://"+raw+":"+n.httpsPort+"/about")...)
		if a.status != "200" || !strings.Contains(a.body, "<h1>About</h1>") {
			t.Fatalf("raw: exit %d status %q body %q %s", a.exit, a.status, a.body, a.stderr)
		}
		noEdgeHeaders(t, "raw page", a.header)
	})
	t.Run("development HTTP port", func(t *testing.T) {
		a := curl(t, "--resolve", n.host()+":"+n.httpPort+":127.0.0.1", "http://"+n.host()+":"+n.httpPort+"/about")
		if a.status != "200" || !strings.Contains(a.body, "<h1>About</h1>") {
			t.Fatalf("dev HTTP: exit %d status %q body %q %s", a.exit, a.status, a.body, a.stderr)
		}
	})
	t.Run("certified 404 of the canister", func(t *testing.T) {
		a := curl(t, append(resolve(n.host(), n.httpsPort), n.url("/no/such/page"))...)
		if a.status != "404" || a.header.Get("Ic-Certificate") == "" {
			t.Fatalf("missing page: status %q, IC-Certificate %q", a.status, a.header.Get("Ic-Certificate"))
		}
	})
	t.Run("no certificate for a name that maps to no canister", func(t *testing.T) {
		a := curl(t, append(resolve("example.localhost", n.httpsPort), "https://example.localhost:"+n.httpsPort+"/")...)
		if a.exit == 0 {
			t.Fatalf("the edge completed a TLS handshake for example.localhost (status %s)", a.status)
		}
	})
	// Names with no certificate still reach the gateway over the HTTP port
	// and over HTTPS with SNI localhost and another Host.
	for _, tc := range []struct {
		name, host, status, cause string
	}{
		{"unknown host", "example.com", "404", "unknown_domain"},
		{"apex names no canister", "localhost", "404", "no_canister"},
		{"malformed canister id", "not-a-canister.localhost", "400", "malformed_canister_id"},
		{"unknown canister", "rrkah-fqaaa-aaaaa-aaaaq-cai.localhost", "404", "canister_not_found"},
		// Not "the replicas are unavailable": no subnet hosts the id.
		{"canister id outside every subnet", principal.CanisterID(0x7000000).String() + ".localhost", "404", "canister_not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, via := range []struct{ name, url string }{
				{"http", "http://127.0.0.1:" + n.httpPort + "/"},
				{"https", "https://localhost:" + n.httpsPort + "/"},
			} {
				a := curl(t, "--cacert", n.ca, "-H", "Host: "+tc.host, via.url)
				if a.status != tc.status || !strings.Contains(a.body, `"error":"`+tc.cause+`"`) ||
					!strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
					t.Errorf("%s: status %q type %q body %q, want %s %s as JSON", via.name, a.status,
						a.header.Get("Content-Type"), a.body, tc.status, tc.cause)
				}
				a = curl(t, "--cacert", n.ca, "-H", "Host: "+tc.host, "-H", "Accept: text/html,*/*", via.url)
				if a.status != tc.status || !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") ||
					!strings.Contains(a.body, "<title>"+tc.status) {
					t.Errorf("%s, browser: status %q type %q body %.120q, want an HTML page", via.name, a.status,
						a.header.Get("Content-Type"), a.body)
				}
			}
		})
	}
	t.Run("unknown canister over its own name", func(t *testing.T) {
		h := "rrkah-fqaaa-aaaaa-aaaaq-cai.localhost"
		a := curl(t, append(resolve(h, n.httpsPort), "https://"+h+":"+n.httpsPort+"/")...)
		if a.status != "404" || !strings.Contains(a.body, "canister_not_found") {
			t.Fatalf("status %q body %q %s", a.status, a.body, a.stderr)
		}
	})
	t.Run("IC HTTP API through the edge", func(t *testing.T) {
		a := curl(t, "--cacert", n.ca, "https://localhost:"+n.httpsPort+"/api/v2/status")
		if a.status != "200" || a.header.Get("Content-Type") != "application/cbor" {
			t.Fatalf("status %q type %q %s", a.status, a.header.Get("Content-Type"), a.stderr)
		}
		// A self-described CBOR map holding the root key.
		if !strings.HasPrefix(a.body, "\xd9\xd9\xf7") || !strings.Contains(a.body, "root_key") {
			t.Errorf("body %x is not the status CBOR", a.body)
		}
	})
}
