package cache

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// Two PoPs share answers through Redis. Redis dies mid-run: both keep
// serving from memory and say so in edge_cache_redis_up; Redis comes
// back: they share again.
func TestTwoPoPsShareRedisAndSurviveItsDeath(t *testing.T) {
	srv := startRedis(t)
	regA := prometheus.NewRegistry()
	o := Options{RedisAddr: srv.Addr(), RedisTimeout: scaled(200 * time.Millisecond), RedisProbe: 10 * time.Millisecond}
	oa := o
	oa.Registerer = regA
	a, b := newCache(t, oa), newCache(t, o)
	u := newUpstream()
	ha, hb := a.Middleware(u), b.Middleware(u)

	if w := get(ha, "GET", "https://a.localhost/one"); w.Header().Get("X-Cache") != "MISS" {
		t.Fatal("PoP A: first request must miss")
	}
	w := get(hb, "GET", "https://a.localhost/one")
	if w.Header().Get("X-Cache") != "HIT" || w.Body.String() != u.body || w.Header().Get("Ic-Certificate") == "" {
		t.Fatalf("PoP B must hit what A stored in Redis: %q %q", w.Header().Get("X-Cache"), w.Body)
	}
	noInternalHeaders(t, w)
	if u.calls.Load() != 1 {
		t.Fatalf("%d upstream calls", u.calls.Load())
	}

	srv.Stop()
	for _, path := range []string{"/one", "/two", "/two"} {
		if w := get(ha, "GET", "https://a.localhost"+path); w.Code != 200 || w.Body.String() != u.body {
			t.Fatalf("with Redis down PoP A must keep serving: %d", w.Code)
		}
	}
	if w := get(ha, "GET", "https://a.localhost/two"); w.Header().Get("X-Cache") != "HIT" {
		t.Fatal("with Redis down the memory tier still caches")
	}
	if a.RedisUp() || testutil.ToFloat64(a.m.redisUp) != 0 {
		t.Fatal("edge_cache_redis_up must be 0")
	}
	if n, _ := testutil.GatherAndCount(regA, "edge_cache_redis_errors_total"); n != 1 || testutil.ToFloat64(a.m.redisErrors) < 1 {
		t.Fatal("errors must be counted")
	}

	srv.Start()
	eventually(t, "PoP A to use Redis again", a.RedisUp)
	if testutil.ToFloat64(a.m.redisUp) != 1 {
		t.Fatal("edge_cache_redis_up must be 1 again")
	}
	get(ha, "GET", "https://a.localhost/three")
	eventually(t, "PoP B to use Redis again", func() bool { b.get("probe", time.Now()); return b.RedisUp() })
	if w := get(hb, "GET", "https://a.localhost/three"); w.Header().Get("X-Cache") != "HIT" {
		t.Fatal("after the restart PoP B must hit what A stored")
	}
}

func TestRedisStaleEntriesExpire(t *testing.T) {
	srv := startRedis(t)
	c := newCache(t, Options{RedisAddr: srv.Addr(), RedisTimeout: scaled(time.Second)})
	now := time.Now()
	e := newEntry(200, http.Header{}, []byte("x"), now, time.Second, 0)
	c.redis.set("k", e, now)
	if c.redis.get("k", now) == nil {
		t.Fatal("stored entry not found")
	}
	if c.redis.get("k", now.Add(2*time.Second)) != nil {
		t.Fatal("an entry past its stale deadline must not come back")
	}
}

func BenchmarkCacheHitRedis(b *testing.B) {
	srv := startRedis(b)
	u := newUpstream()
	u.body = strings.Repeat("x", 4096)
	c := newCache(b, Options{MaxBytes: 64 << 20, RedisAddr: srv.Addr(), RedisTimeout: time.Second})
	h := c.Middleware(u)
	get(h, "GET", "https://rrkah-fqaaa-aaaaa-aaaaq-cai.localhost/index.html")
	c.mem = newMemory(1, 1, func() {}) // no memory tier: every hit comes from Redis
	b.ReportAllocs()
	b.SetBytes(4096)
	b.RunParallel(func(pb *testing.PB) {
		r, _ := http.NewRequest("GET", "https://rrkah-fqaaa-aaaaa-aaaaq-cai.localhost/index.html", nil)
		w := &discardWriter{h: make(http.Header)}
		for pb.Next() {
			clear(w.h)
			h.ServeHTTP(w, r)
			if w.h.Get("X-Cache") != "HIT" {
				b.Error("not a hit")
				return
			}
		}
	})
}
