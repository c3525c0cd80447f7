package serve

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quic-go/quic-go"
	"github.com/quic-go/quic-go/http3"
)

// Host names the tests use: canister-style names under localhost.
const (
	testHost    = "rrkah-fqaaa-aaaaa-aaaaq-cai.localhost"
	rawHost     = "rrkah-fqaaa-aaaaa-aaaaq-cai.raw.localhost"
	refusedHost = "not-a-canister.example"
)

// testAllow accepts localhost and names under it, the way the edge accepts
// names it can map to a canister.
func testAllow(h string) bool { return h == "localhost" || strings.HasSuffix(h, ".localhost") }

// timeScale stretches test deadlines on slow machines (THRESHOLD_TEST_TIMEOUT_SCALE).
func timeScale(d time.Duration) time.Duration {
	if f, err := strconv.ParseFloat(os.Getenv("THRESHOLD_TEST_TIMEOUT_SCALE"), 64); err == nil && f > 0 {
		return time.Duration(float64(d) * f)
	}
	return d
}

// hello answers with a fixed body naming the protocol.
func hello(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, body+" "+r.Proto)
	})
}

// localOptions are options for a local-CA server on 127.0.0.1 free ports.
func localOptions(t testing.TB, dir string, h http.Handler) Options {
	t.Helper()
	return Options{
		HTTPSAddr:   "127.0.0.1:0",
		HTTPAddr:    "127.0.0.1:0",
		MetricsAddr: "127.0.0.1:0",
		Handler:     h,
		TLS:         TLS{LocalCA: &LocalCA{Dir: dir}},
		Allow:       testAllow,
		Logger:      testLogger(t),
	}
}

func testLogger(t testing.TB) *slog.Logger {
	if os.Getenv("SERVE_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// start starts a server and shuts it down when the test ends.
func start(t testing.TB, o Options) *Server {
	t.Helper()
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeScale(30*time.Second))
	defer cancel()
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeScale(10*time.Second))
		defer cancel()
		s.Shutdown(ctx)
	})
	return s
}

// caPool trusts the server's local CA only.
func caPool(t testing.TB, s *Server) *x509.CertPool {
	t.Helper()
	b, err := os.ReadFile(s.CACertPath())
	if err != nil {
		t.Fatal(err)
	}
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(b) {
		t.Fatal("no CA certificate in", s.CACertPath())
	}
	return p
}

// tcpClient speaks HTTP/2 (or HTTP/1.1 with h1) to the server whatever the
// URL's host, like curl --resolve.
func tcpClient(s *Server, roots *x509.CertPool, h1 bool) *http.Client {
	addr := s.Addrs().HTTPS
	tr := &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: roots},
		ForceAttemptHTTP2: !h1,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
		MaxIdleConnsPerHost: 64,
	}
	if h1 {
		tr.TLSNextProto = map[string]func(string, *tls.Conn) http.RoundTripper{}
		tr.TLSClientConfig.NextProtos = []string{"http/1.1"}
	}
	return &http.Client{Transport: tr, Timeout: timeScale(20 * time.Second)}
}

// h3Client speaks HTTP/3 to the server's UDP port whatever the URL's host
// (which stays the SNI name).
func h3Client(s *Server, roots *x509.CertPool) (*http.Client, *http3.Transport) {
	udp := s.Addrs().HTTP3
	tr := &http3.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		Dial: func(ctx context.Context, _ string, tc *tls.Config, qc *quic.Config) (*quic.Conn, error) {
			return quic.DialAddr(ctx, udp, tc, qc)
		},
	}
	return &http.Client{Transport: tr, Timeout: timeScale(20 * time.Second)}, tr
}

// needTool skips when a Debian tool is missing outside CI, and fails in CI,
// where the test command installs it.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed (the test command installs it)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return p
}

// urlFor is https://host:port/path on the server's HTTPS port.
func urlFor(s *Server, host, path string) string {
	_, port, _ := net.SplitHostPort(s.Addrs().HTTPS)
	return "https://" + net.JoinHostPort(host, port) + path
}
