package interop

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEdgeStaleIfError caches a verified page at a `threshold edge` PoP
// (the certified canister sends no Cache-Control, so the configured default
// TTL of 1 s applies), then kills the whole network (`threshold up`,
// SIGKILL) while the PoP keeps running. Once the TTL has passed, the page
// is still served, stale, with its Age and X-Cache: STALE (RFC 5861
// stale-if-error within the configured 10 minutes); a page never cached
// gets a 503 that says the upstream is unavailable, quickly.
func TestEdgeStaleIfError(t *testing.T) {
	n := startEdgeNet(t)
	e := startEdgeProc(t, edgeConfig(n, t.TempDir(), map[string]any{
		"cache": map[string]any{"default_ttl": "1s", "stale_if_error": "10m"},
	}))
	c := edgeClient(t, false, e.ca)
	url := e.url(n.host(), "/about")
	fresh := mustGet(t, c, url)
	if fresh.status != 200 || fresh.header.Get("X-Cache") != "MISS" {
		t.Fatalf("first fetch: %d X-Cache %q", fresh.status, fresh.header.Get("X-Cache"))
	}
	if a := mustGet(t, c, url); a.header.Get("X-Cache") != "HIT" {
		t.Fatalf("second fetch: X-Cache %q, want HIT", a.header.Get("X-Cache"))
	}

	n.kill(t)
	var stale answer
	waitFor(t, 20*time.Second, "the cached entry to expire", func() bool {
		stale = mustGet(t, c, url)
		return stale.header.Get("X-Cache") != "HIT"
	})
	if stale.status != 200 || stale.header.Get("X-Cache") != "STALE" || stale.body != fresh.body {
		t.Fatalf("after the network died: %d X-Cache %q body %.100q, want the stale page",
			stale.status, stale.header.Get("X-Cache"), stale.body)
	}
	if age, err := strconv.Atoi(stale.header.Get("Age")); err != nil || age < 1 {
		t.Errorf("stale page with Age %q, want at least the 1 s TTL", stale.header.Get("Age"))
	}
	if stale.header.Get("Ic-Certificate") == "" {
		t.Error("the stale page lost its IC-Certificate")
	}
	noEdgeHeaders(t, "stale page", stale.header)

	start := time.Now()
	miss := mustGet(t, c, e.url(n.host(), "/data.json"))
	took := time.Since(start)
	if miss.status != 503 || !strings.Contains(miss.body, "upstream") {
		t.Errorf("uncached page with the network down: %d %.200q, want 503 upstream unavailable", miss.status, miss.body)
	}
	if took > 5*time.Second {
		t.Errorf("the 503 took %v", took)
	}
	noEdgeHeaders(t, "503", miss.header)
	t.Logf("stale page Age %s; uncached page: %d in %v: %.160s", stale.header.Get("Age"), miss.status, took.Round(time.Millisecond), miss.body)
}
