package cache

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock                   { return &clock{t: time.Unix(1_700_000_000, 0)} }
func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// upstream stands in for the gateway behind the cache: it answers what
// the test sets, marking it cacheable like a verified answer.
type upstream struct {
	calls   atomic.Int64
	mu      sync.Mutex
	status  int
	headers http.Header
	body    string
	seen    http.Header // the last request's headers
	block   chan struct{}
}

func newUpstream() *upstream {
	return &upstream{status: 200, body: "<p>verified page</p>", headers: http.Header{
		"X-Edge-Cacheable": {"1"}, "X-Edge-Canister": {"rrkah-fqaaa-aaaaa-aaaaq-cai"},
		"Content-Type": {"text/html"}, "Etag": {`"v1"`}, "Cache-Control": {"max-age=60"},
		"Ic-Certificate": {"certificate=:AAAA:, tree=:BBBB:"},
	}}
}

func (u *upstream) set(f func(u *upstream)) { u.mu.Lock(); f(u); u.mu.Unlock() }

func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.calls.Add(1)
	if u.block != nil {
		<-u.block
	}
	u.mu.Lock()
	u.seen = r.Header.Clone()
	for k, v := range u.headers {
		w.Header()[k] = append([]string(nil), v...)
	}
	status, body := u.status, u.body
	u.mu.Unlock()
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = io.WriteString(w, body)
	}
}

func newCache(t testing.TB, o Options) *Cache {
	t.Helper()
	if o.MaxBytes == 0 {
		o.MaxBytes = 1 << 20
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func get(h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Add(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func noInternalHeaders(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	for k := range w.Header() {
		if strings.HasPrefix(strings.ToLower(k), "x-edge-") {
			t.Fatalf("internal header %s left the edge", k)
		}
	}
}

func TestMissThenHitWithAge(t *testing.T) {
	clk, u := newClock(), newUpstream()
	h := newCache(t, Options{Now: clk.Now}).Middleware(u)
	w := get(h, "GET", "https://rrkah-fqaaa-aaaaa-aaaaq-cai.localhost:8443/index.html")
	if w.Code != 200 || w.Header().Get("X-Cache") != "MISS" || w.Body.String() != u.body {
		t.Fatalf("first: %d %q %q", w.Code, w.Header().Get("X-Cache"), w.Body)
	}
	noInternalHeaders(t, w)
	clk.Advance(7 * time.Second)
	w = get(h, "GET", "http://RRKAH-fqaaa-aaaaa-aaaaq-cai.localhost:8080/index.html")
	if w.Code != 200 || w.Header().Get("X-Cache") != "HIT" || w.Header().Get("Age") != "7" || w.Body.String() != u.body {
		t.Fatalf("second (other port and case, same host): %d %q Age %q", w.Code, w.Header().Get("X-Cache"), w.Header().Get("Age"))
	}
	if w.Header().Get("Ic-Certificate") == "" || w.Header().Get("Content-Length") != "20" || w.Header().Get("Cache-Status") != "threshold; hit" {
		t.Fatalf("hit headers: %v", w.Header())
	}
	noInternalHeaders(t, w)
	if u.calls.Load() != 1 {
		t.Fatalf("%d upstream calls", u.calls.Load())
	}
	clk.Advance(60 * time.Second)
	if w = get(h, "GET", "https://rrkah-fqaaa-aaaaa-aaaaq-cai.localhost/index.html"); w.Header().Get("X-Cache") != "MISS" || u.calls.Load() != 2 {
		t.Fatal("after max-age the entry must be fetched again")
	}
}

func TestKeyParts(t *testing.T) {
	u := newUpstream()
	h := newCache(t, Options{}).Middleware(u)
	host := "https://a.localhost"
	steps := []struct {
		target string
		hdr    []string
		hit    bool
	}{
		{host + "/p?x=1", nil, false},
		{host + "/p?x=1", nil, true},
		{host + "/p?x=2", nil, false},
		{host + "/q?x=1", nil, false},
		{"https://b.localhost/p?x=1", nil, false},
		{host + "/p?x=1", []string{"Accept-Encoding", "gzip, br"}, false},
		{host + "/p?x=1", []string{"Accept-Encoding", "br;q=0.9,gzip"}, true}, // same set of codings
		{host + "/p?x=1", []string{"Range", "bytes=0-3"}, false},
		{host + "/p?x=1", []string{"Range", "bytes=0-3"}, true},
		{host + "/p?x=1", []string{"Range", "bytes=0-3", "If-Range", `"v0"`}, false},
	}
	for i, s := range steps {
		w := get(h, "GET", s.target, s.hdr...)
		if got := w.Header().Get("X-Cache") == "HIT"; got != s.hit {
			t.Fatalf("step %d %s %v: hit %v, want %v", i, s.target, s.hdr, got, s.hit)
		}
	}
}

func TestHeadUsesGetEntry(t *testing.T) {
	u := newUpstream()
	h := newCache(t, Options{}).Middleware(u)
	if w := get(h, "HEAD", "https://a.localhost/"); w.Header().Get("X-Cache") != "MISS" || w.Body.Len() != 0 {
		t.Fatal("HEAD miss goes upstream and stores nothing")
	}
	get(h, "GET", "https://a.localhost/")
	w := get(h, "HEAD", "https://a.localhost/")
	if w.Header().Get("X-Cache") != "HIT" || w.Body.Len() != 0 || w.Header().Get("Content-Length") != "20" {
		t.Fatalf("HEAD after GET: %q, %d body bytes, Content-Length %q", w.Header().Get("X-Cache"), w.Body.Len(), w.Header().Get("Content-Length"))
	}
	if u.calls.Load() != 2 {
		t.Fatalf("%d upstream calls, want 2", u.calls.Load())
	}
}

// RFC 9110 section 15.4.5: 304 from the cache, with the validators.
func TestConditionalRequests(t *testing.T) {
	u := newUpstream()
	h := newCache(t, Options{}).Middleware(u)
	w := get(h, "GET", "https://a.localhost/", "If-None-Match", `"v1"`)
	if w.Code != http.StatusNotModified || w.Body.Len() != 0 || w.Header().Get("Etag") != `"v1"` {
		t.Fatalf("conditional miss: %d, Etag %q", w.Code, w.Header().Get("Etag"))
	}
	if u.seen.Get("If-None-Match") != "" {
		t.Fatal("the cache must ask upstream for the whole answer")
	}
	if w := get(h, "GET", "https://a.localhost/", "If-None-Match", `W/"v1"`); w.Code != 304 || w.Header().Get("X-Cache") != "HIT" {
		t.Fatalf("conditional hit: %d", w.Code)
	}
	if w := get(h, "HEAD", "https://a.localhost/", "If-None-Match", `"v1"`); w.Code != 304 {
		t.Fatalf("conditional HEAD: %d", w.Code)
	}
	if w := get(h, "GET", "https://a.localhost/", "If-None-Match", `"v0"`); w.Code != 200 || w.Body.String() != u.body {
		t.Fatalf("other tag: %d", w.Code)
	}
	if u.calls.Load() != 1 {
		t.Fatalf("%d upstream calls", u.calls.Load())
	}
	if w := get(h, "GET", "https://a.localhost/", "If-Match", `"v1"`); w.Header().Get("X-Cache") != "BYPASS" || u.calls.Load() != 2 {
		t.Fatal("If-Match is the origin's to judge")
	}
}

func TestNotStoredPassesThroughStripped(t *testing.T) {
	tests := []struct {
		name string
		set  func(u *upstream)
	}{
		{"unverified", func(u *upstream) { u.headers.Del("X-Edge-Cacheable") }},
		{"no-store", func(u *upstream) { u.headers.Set("Cache-Control", "no-store") }},
		{"server error", func(u *upstream) { u.status = 503; u.headers.Set("X-Edge-Upstream-Failure", "1") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := newUpstream()
			u.set(tt.set)
			h := newCache(t, Options{}).Middleware(u)
			for range 2 {
				w := get(h, "GET", "https://a.localhost/")
				if w.Header().Get("X-Cache") != "BYPASS" || w.Body.String() != u.body {
					t.Fatalf("%q %q", w.Header().Get("X-Cache"), w.Body)
				}
				noInternalHeaders(t, w)
			}
			if u.calls.Load() != 2 {
				t.Fatalf("%d upstream calls, want 2", u.calls.Load())
			}
		})
	}
	u := newUpstream()
	w := get(newCache(t, Options{}).Middleware(u), "POST", "https://a.localhost/")
	noInternalHeaders(t, w)
}

func TestTooBigPassesThrough(t *testing.T) {
	u := newUpstream()
	u.body = strings.Repeat("x", 5000)
	h := newCache(t, Options{MaxBytes: 16 << 10, MaxItemBytes: 4096}).Middleware(u)
	for range 2 {
		if w := get(h, "GET", "https://a.localhost/"); w.Body.String() != u.body || w.Header().Get("X-Cache") != "BYPASS" {
			t.Fatalf("a too-big answer must pass whole: %d bytes, %q", w.Body.Len(), w.Header().Get("X-Cache"))
		}
	}
}

func TestVary(t *testing.T) {
	u := newUpstream()
	u.headers.Set("Vary", "Origin, Accept-Encoding")
	h := newCache(t, Options{}).Middleware(u)
	get(h, "GET", "https://a.localhost/", "Origin", "https://x.example")
	if w := get(h, "GET", "https://a.localhost/", "Origin", "https://x.example"); w.Header().Get("X-Cache") != "HIT" {
		t.Fatal("same Origin must hit")
	}
	if w := get(h, "GET", "https://a.localhost/", "Origin", "https://y.example"); w.Header().Get("X-Cache") != "MISS" {
		t.Fatal("another Origin must miss")
	}
	if w := get(h, "GET", "https://a.localhost/"); w.Header().Get("X-Cache") != "MISS" {
		t.Fatal("no Origin must miss")
	}
	if w := get(h, "GET", "https://a.localhost/", "Origin", "https://y.example"); w.Header().Get("X-Cache") != "HIT" {
		t.Fatal("each variant is kept")
	}
}
