package cache

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// One upstream request per key: 100 concurrent misses, 1 upstream call.
func TestStampede(t *testing.T) {
	u := newUpstream()
	u.block = make(chan struct{})
	c := newCache(t, Options{})
	h := c.Middleware(u)
	const n = 100
	var wg sync.WaitGroup
	results := make(chan *httptest.ResponseRecorder, n)
	for range n {
		wg.Go(func() { results <- get(h, "GET", "https://a.localhost/") })
	}
	eventually(t, "99 waiters", func() bool {
		c.flights.mu.Lock()
		defer c.flights.mu.Unlock()
		for _, fl := range c.flights.calls {
			return fl.waiters == n-1
		}
		return false
	})
	close(u.block)
	wg.Wait()
	close(results)
	for w := range results {
		if w.Code != 200 || w.Body.String() != u.body {
			t.Fatalf("%d %q", w.Code, w.Body)
		}
	}
	if u.calls.Load() != 1 {
		t.Fatalf("%d upstream calls for %d concurrent misses", u.calls.Load(), n)
	}
}

func TestLockTimeoutBoundsTheWait(t *testing.T) {
	u := newUpstream()
	u.block = make(chan struct{})
	c := newCache(t, Options{LockTimeout: time.Millisecond})
	h := c.Middleware(u)
	done := make(chan struct{})
	go func() { get(h, "GET", "https://a.localhost/"); close(done) }()
	eventually(t, "the leader upstream", func() bool { return u.calls.Load() == 1 })
	second := make(chan *httptest.ResponseRecorder)
	go func() { second <- get(h, "GET", "https://a.localhost/") }()
	eventually(t, "the waiter to give up and go upstream", func() bool { return u.calls.Load() == 2 })
	close(u.block)
	if w := <-second; w.Code != 200 {
		t.Fatalf("%d", w.Code)
	}
	<-done
}

// RFC 5861 section 4: stale-if-error within the configured bound.
func TestStaleIfError(t *testing.T) {
	clk, u := newClock(), newUpstream()
	h := newCache(t, Options{Now: clk.Now, StaleIfError: time.Minute}).Middleware(u)
	get(h, "GET", "https://a.localhost/")
	fail := func(u *upstream) {
		u.status, u.body = 503, "every replica failed"
		u.headers = http.Header{"X-Edge-Upstream-Failure": {"1"}, "X-Edge-Canister": {"rrkah-fqaaa-aaaaa-aaaaq-cai"}, "Content-Type": {"text/html"}}
	}
	u.set(fail)
	clk.Advance(90 * time.Second) // 30 s stale
	w := get(h, "GET", "https://a.localhost/")
	if w.Code != 200 || w.Header().Get("X-Cache") != "STALE" || w.Header().Get("Age") != "90" || w.Body.String() != "<p>verified page</p>" {
		t.Fatalf("stale-if-error: %d %q Age %q %q", w.Code, w.Header().Get("X-Cache"), w.Header().Get("Age"), w.Body)
	}
	noInternalHeaders(t, w)

	u.set(func(u *upstream) { u.headers.Del("X-Edge-Upstream-Failure") }) // e.g. verification failed
	if w := get(h, "GET", "https://a.localhost/"); w.Code != 503 {
		t.Fatalf("a failure that is not the upstream's must not be hidden: %d", w.Code)
	}

	u.set(fail)
	clk.Advance(31 * time.Second) // past the bound
	if w := get(h, "GET", "https://a.localhost/"); w.Code != 503 || w.Body.String() != "every replica failed" {
		t.Fatalf("beyond the bound the error shows: %d", w.Code)
	}
}

func TestStaleSharedWithWaiters(t *testing.T) {
	clk, u := newClock(), newUpstream()
	c := newCache(t, Options{Now: clk.Now, StaleIfError: time.Hour})
	h := c.Middleware(u)
	get(h, "GET", "https://a.localhost/")
	clk.Advance(2 * time.Minute)
	u.set(func(u *upstream) {
		u.status, u.headers = 502, http.Header{"X-Edge-Upstream-Failure": {"1"}}
	})
	u.block = make(chan struct{})
	var wg sync.WaitGroup
	codes := make(chan string, 10)
	for range 10 {
		wg.Go(func() { codes <- get(h, "GET", "https://a.localhost/").Header().Get("X-Cache") })
	}
	eventually(t, "9 waiters", func() bool {
		c.flights.mu.Lock()
		defer c.flights.mu.Unlock()
		for _, fl := range c.flights.calls {
			return fl.waiters == 9
		}
		return false
	})
	close(u.block)
	wg.Wait()
	close(codes)
	for x := range codes {
		if x != "STALE" {
			t.Fatalf("X-Cache %q", x)
		}
	}
	if u.calls.Load() != 2 {
		t.Fatalf("%d upstream calls", u.calls.Load())
	}
}

func TestMemoryBounded(t *testing.T) {
	reg := prometheus.NewRegistry()
	u := newUpstream()
	u.body = strings.Repeat("y", 1000)
	c := newCache(t, Options{MaxBytes: 64 << 10, Registerer: reg})
	h := c.Middleware(u)
	for i := range 500 {
		get(h, "GET", "https://a.localhost/"+strings.Repeat("p", i%50)+string(rune('a'+i%26)))
		if c.mem.bytes.Load() > 64<<10 {
			t.Fatalf("memory store holds %d bytes, bound 64 KiB", c.mem.bytes.Load())
		}
	}
	if c.mem.count.Load() == 0 {
		t.Fatal("nothing kept")
	}
}

func TestHammer(t *testing.T) {
	clk, u := newClock(), newUpstream()
	u.body = strings.Repeat("z", 2000)
	c := newCache(t, Options{MaxBytes: 32 << 10, Now: clk.Now, StaleIfError: time.Minute})
	h := c.Middleware(u)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 300 {
				path := "/p" + strconv.Itoa((g*31+i)%40)
				method := "GET"
				if i%5 == 0 {
					method = "HEAD"
				}
				if w := get(h, method, "https://a.localhost"+path); w.Code != 200 {
					t.Errorf("%s %s: %d", method, path, w.Code)
					return
				}
				if i%50 == 0 {
					clk.Advance(10 * time.Second)
				}
			}
		})
	}
	wg.Wait()
	if c.mem.bytes.Load() > 32<<10 {
		t.Fatalf("%d bytes", c.mem.bytes.Load())
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []Options{{}, {MaxBytes: -1}, {MaxBytes: 1, DefaultTTL: -1}, {MaxBytes: 1, StaleIfError: -time.Second}} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) accepted", o)
		}
	}
}

func BenchmarkCacheHit(b *testing.B) {
	u := newUpstream()
	u.body = strings.Repeat("x", 4096)
	h := newCache(b, Options{MaxBytes: 64 << 20}).Middleware(u)
	get(h, "GET", "https://rrkah-fqaaa-aaaaa-aaaaq-cai.localhost/index.html", "Accept-Encoding", "gzip, br")
	b.ReportAllocs()
	b.SetBytes(4096)
	b.RunParallel(func(pb *testing.PB) {
		r := httptest.NewRequest("GET", "https://rrkah-fqaaa-aaaaa-aaaaq-cai.localhost/index.html", nil)
		r.Header.Set("Accept-Encoding", "gzip, br")
		w := &discardWriter{h: make(http.Header)}
		for pb.Next() {
			clear(w.h)
			h.ServeHTTP(w, r)
		}
	})
}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(int)             {}
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
