package serve

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// plainGet sends a request for host to the server's HTTP port without
// following redirects.
func plainGet(t *testing.T, s *Server, host, path string) (*http.Response, string) {
	t.Helper()
	addr := s.Addrs().HTTP
	c := &http.Client{
		Transport: &http.Transport{DialContext: func(ctx context.Context, n, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, n, addr)
		}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       timeScale(10 * time.Second),
	}
	resp, err := c.Get("http://" + host + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHTTPPortRedirectsToHTTPS(t *testing.T) {
	s := start(t, localOptions(t, t.TempDir(), hello("hi")))
	resp, _ := plainGet(t, s, testHost+":8080", "/a%2Fb/c?x=1&y=2")
	want := urlFor(s, testHost, "/a%2Fb/c?x=1&y=2")
	if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
		t.Fatalf("%d Location %q, want 308 %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}

	t.Run("public port", func(t *testing.T) {
		o := localOptions(t, t.TempDir(), hello("hi"))
		o.PublicHTTPSPort = 443
		s := start(t, o)
		resp, _ := plainGet(t, s, testHost, "/")
		if got := resp.Header.Get("Location"); got != "https://"+testHost+"/" {
			t.Errorf("Location %q", got)
		}
	})
}

func TestDevModeServesOnHTTP(t *testing.T) {
	o := localOptions(t, t.TempDir(), hello("hi"))
	o.DevMode = true
	s := start(t, o)
	resp, body := plainGet(t, s, testHost, "/")
	if resp.StatusCode != 200 || body != "hi HTTP/1.1" {
		t.Fatalf("%d %q", resp.StatusCode, body)
	}
}

func TestMetricsAndHealth(t *testing.T) {
	var fail atomic.Bool
	o := localOptions(t, t.TempDir(), hello("hi"))
	o.Health = func() error {
		if fail.Load() {
			return errTest
		}
		return nil
	}
	s := start(t, o)
	peerCert(t, s, caPool(t, s), testHost, "hi HTTP/2.0") // one h2 request, one issued certificate
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + s.Addrs().Metrics + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/health"); code != 200 || body != "ok\n" {
		t.Errorf("/health: %d %q", code, body)
	}
	_, m := get("/metrics")
	for _, want := range []string{
		`edge_serve_requests_total{proto="h2"} 1`,
		`edge_serve_certificates_total{result="issued"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	fail.Store(true)
	if code, body := get("/health"); code != 503 || !strings.Contains(body, errTest.Error()) {
		t.Errorf("/health with a failing check: %d %q", code, body)
	}
}

var errTest = testError("the routing table is empty")

type testError string

func (e testError) Error() string { return string(e) }
