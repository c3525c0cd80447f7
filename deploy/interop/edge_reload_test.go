package interop

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"testing"
	"time"
)

// connCounter records the distinct connections a client's requests used.
type connCounter struct {
	mu    sync.Mutex
	conns map[string]bool
}

func (cc *connCounter) get(c *http.Client, url string) error {
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		cc.mu.Lock()
		defer cc.mu.Unlock()
		cc.conns[info.Conn.LocalAddr().String()] = true
	}}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 || !strings.Contains(string(b), "<h1>About</h1>") {
		return fmt.Errorf("status %d: %.120q", resp.StatusCode, b)
	}
	return nil
}

func (cc *connCounter) count() int {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return len(cc.conns)
}

// TestEdgeReloadUnderLoad changes the config of a running `threshold edge`
// and sends SIGHUP while HTTP/2 and HTTP/1.1 clients keep requesting: the
// new alias is served (with a certificate issued for it on demand), no
// request fails, and the clients keep the connections they had. A second
// SIGHUP with an invalid config is refused and the running config stays.
func TestEdgeReloadUnderLoad(t *testing.T) {
	n := startEdgeNet(t)
	dir := t.TempDir()
	cfg := edgeConfig(n, dir, map[string]any{"cache": map[string]any{"off": true}})
	e := startEdgeProc(t, cfg)
	h2, h1 := edgeClient(t, false, e.ca), edgeClient(t, true, e.ca)
	alias := "site.localhost"
	if a, err := get(h2, e.url(alias, "/about")); err == nil && a.status == 200 {
		t.Fatalf("the alias answers before it is configured: %d", a.status)
	}

	h2conns := &connCounter{conns: map[string]bool{}}
	h1conns := &connCounter{conns: map[string]bool{}}
	const h1workers = 3
	l := startLoad(4+h1workers, func(w, i int) error {
		url := e.url(n.host(), fmt.Sprintf("/about?w=%d&i=%d", w, i))
		if w < h1workers {
			return h1conns.get(h1, url)
		}
		return h2conns.get(h2, url)
	})
	l.waitOK(t, 100)
	before := h2conns.count()

	reloaded := edgeConfig(n, dir, map[string]any{
		"cache":   map[string]any{"off": true},
		"domains": map[string]any{"aliases": map[string]string{"site": n.canister}},
	})
	e.reload(t, reloaded)
	waitFor(t, 20*time.Second, "the alias after SIGHUP", func() bool {
		return get200(h2, e.url(alias, "/about"), "<h1>About</h1>") == nil
	})
	l.waitOK(t, 100)

	bad := edgeConfig(n, dir, map[string]any{"tls": map[string]any{"mode": "carrier-pigeon"}})
	e.reload(t, bad)
	waitFor(t, 20*time.Second, "the refusal of a bad config in the log", func() bool {
		return strings.Contains(e.stderr.String(), "reload refused")
	})
	if err := get200(h2, e.url(alias, "/about"), "<h1>About</h1>"); err != nil {
		t.Errorf("after a refused reload: %v", err)
	}
	l.waitOK(t, 100)
	total := l.stop(t)
	if after := h2conns.count(); before != 1 || after != 1 {
		t.Errorf("HTTP/2 load used %d connection(s) before the reloads and %d in all, want 1", before, after)
	}
	if got := h1conns.count(); got > h1workers {
		t.Errorf("HTTP/1.1 load used %d connections for %d workers: connections were dropped", got, h1workers)
	}
	t.Logf("%d requests across two reloads", total)
}
