package limit

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newLimiter(t testing.TB, o Options) *Limiter {
	t.Helper()
	l, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l
}

var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	tests := []struct {
		name    string
		ip      ClientIP
		remote  string
		xff     []string
		wantKey string
	}{
		{"ipv4 peer", ClientIP{}, "192.0.2.7:5555", nil, "192.0.2.7"},
		{"ipv6 peer by /64", ClientIP{}, "[2001:db8:1:2:3:4:5:6]:443", nil, "2001:db8:1:2::/64"},
		{"ipv6 neighbour shares the /64", ClientIP{}, "[2001:db8:1:2:ffff::1]:443", nil, "2001:db8:1:2::/64"},
		{"ipv6 /56 configured", ClientIP{IPv6Prefix: 56}, "[2001:db8:1:2ff::1]:443", nil, "2001:db8:1:200::/56"},
		{"mapped ipv4", ClientIP{}, "[::ffff:192.0.2.7]:1", nil, "192.0.2.7"},
		{"xff ignored from untrusted peer", ClientIP{TrustedProxies: proxies}, "192.0.2.7:1", []string{"198.51.100.1"}, "192.0.2.7"},
		{"xff believed from trusted peer", ClientIP{TrustedProxies: proxies}, "10.1.1.1:1", []string{"198.51.100.1"}, "198.51.100.1"},
		{"spoofed left-most hop ignored", ClientIP{TrustedProxies: proxies}, "10.1.1.1:1", []string{"6.6.6.6, 198.51.100.1, 10.2.2.2"}, "198.51.100.1"},
		{"several header lines", ClientIP{TrustedProxies: proxies}, "10.1.1.1:1", []string{"6.6.6.6", "198.51.100.1"}, "198.51.100.1"},
		{"garbled hop stops the walk", ClientIP{TrustedProxies: proxies}, "10.1.1.1:1", []string{"198.51.100.1, nonsense"}, "10.1.1.1"},
		{"no xff from trusted peer", ClientIP{TrustedProxies: proxies}, "10.1.1.1:1", nil, "10.1.1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			key, ok := tt.ip.Key(r)
			if !ok || key != tt.wantKey {
				t.Fatalf("Key = %q, %v; want %q", key, ok, tt.wantKey)
			}
		})
	}
}

// RFC 6585 section 4: 429 Too Many Requests, with Retry-After.
func TestPerIPAnswers429WithRetryAfter(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1e9, 0)}
	l := newLimiter(t, Options{Name: "ip", PerSecond: 0.5, Burst: 3, Now: clock.Now})
	h := PerIP(l, ClientIP{}, nil)(ok)
	do := func(remote string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for i := range 3 {
		if w := do("192.0.2.1:1"); w.Code != http.StatusNoContent {
			t.Fatalf("request %d of the burst: %d", i, w.Code)
		}
	}
	w := do("192.0.2.1:2")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "2" {
		t.Fatalf("over the burst: %d, Retry-After %q; want 429 and 2", w.Code, w.Header().Get("Retry-After"))
	}
	var body struct {
		Status     int `json:"status"`
		RetryAfter int `json:"retry_after"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || body.Status != 429 || body.RetryAfter != 2 {
		t.Fatalf("body %q: %v", w.Body, err)
	}
	if w := do("192.0.2.2:1"); w.Code != http.StatusNoContent {
		t.Fatal("another client must not be limited")
	}
	clock.Add(2 * time.Second)
	if w := do("192.0.2.1:1"); w.Code != http.StatusNoContent {
		t.Fatal("after Retry-After the client may send again")
	}
}

func TestPerKeyWithoutKeyPasses(t *testing.T) {
	l := newLimiter(t, Options{Name: "canister", PerSecond: 1, Burst: 1})
	calls := 0
	key := func(r *http.Request) (string, bool) {
		k := r.URL.Query().Get("c")
		return k, k != ""
	}
	var rejected int
	h := PerKey(l, key, func(w http.ResponseWriter, r *http.Request, status int, d time.Duration) {
		rejected++
		w.WriteHeader(status)
	})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { calls++ }))
	for range 3 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/?c=aaaaa-aa", nil))
	}
	if calls != 4 || rejected != 2 {
		t.Fatalf("calls %d rejected %d; want 4 and 2 (custom Reject used)", calls, rejected)
	}
}

func TestHTMLRejectForBrowsers(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept", "text/html,application/xhtml+xml")
	w := httptest.NewRecorder()
	DefaultReject(w, r, 429, 1500*time.Millisecond)
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") || w.Header().Get("Retry-After") != "2" {
		t.Fatalf("headers %v", w.Header())
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []Options{{}, {Name: "x", PerSecond: 1}, {Name: "x", Burst: 1}, {Name: "x", PerSecond: 1, Burst: 1, MaxKeys: -1}} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) accepted", o)
		}
	}
	if _, err := NewConcurrency(ConcurrencyOptions{}); err == nil {
		t.Error("NewConcurrency with Max 0 accepted")
	}
}

func TestLocalKeysBounded(t *testing.T) {
	l := newLimiter(t, Options{Name: "ip", PerSecond: 1, Burst: 1, MaxKeys: 64})
	for i := range 10_000 {
		l.Allow(strconv.Itoa(i))
	}
	n := 0
	for i := range l.local.shards {
		n += len(l.local.shards[i].tat)
	}
	if n > 64+localShards {
		t.Fatalf("%d keys kept, bound 64", n)
	}
}

func TestBody(t *testing.T) {
	var readErr error
	h := Body(10)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 100)
		for readErr == nil {
			_, readErr = r.Body.Read(buf)
		}
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 11))))
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("declared 11 bytes: %d", w.Code)
	}
	r := httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 11)))
	r.ContentLength = -1 // chunked
	h.ServeHTTP(httptest.NewRecorder(), r)
	if readErr == nil || !strings.Contains(readErr.Error(), "too large") {
		t.Fatalf("reading a chunked 11-byte body: %v", readErr)
	}
}

func TestHammerLimiter(t *testing.T) {
	l := newLimiter(t, Options{Name: "ip", PerSecond: 1000, Burst: 100, MaxKeys: 1000})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				l.Allow(strconv.Itoa((g*7 + i) % 1500))
			}
		})
	}
	wg.Wait()
}

func TestRegistryCollects(t *testing.T) {
	reg := prometheus.NewRegistry()
	a := newLimiter(t, Options{Name: "ip", PerSecond: 1, Burst: 1, Registerer: reg})
	newLimiter(t, Options{Name: "canister", PerSecond: 1, Burst: 1, Registerer: reg})
	a.Allow("k")
	a.Allow("k")
	if n, err := testutil.GatherAndCount(reg, "edge_limit_requests_total"); err != nil || n != 4 {
		t.Fatalf("two limiters on one registry: %d series, %v", n, err)
	}
}

func BenchmarkLimiter(b *testing.B) {
	b.Run("local", func(b *testing.B) {
		l := newLimiter(b, Options{Name: "ip", PerSecond: 1e9, Burst: 1e6})
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				l.Allow(strconv.Itoa(i & 1023))
				i++
			}
		})
	})
	b.Run("redis", func(b *testing.B) {
		srv := startRedis(b)
		l := newLimiter(b, Options{Name: "ip", PerSecond: 1e6, Burst: 1e6, RedisAddr: srv.Addr(), RedisTimeout: time.Second})
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				l.Allow(strconv.Itoa(i & 1023))
				i++
			}
		})
		if !l.RedisUp() {
			b.Fatal("redis went down during the benchmark")
		}
	})
}
