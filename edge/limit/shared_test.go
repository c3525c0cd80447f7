package limit

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// Two PoPs share one bucket through Redis; with Redis gone each keeps
// limiting on its own, says so, and shares again once Redis is back.
func TestTwoPoPsShareRedisAndSurviveItsDeath(t *testing.T) {
	srv := startRedis(t)
	reg := prometheus.NewRegistry()
	o := Options{Name: "canister", PerSecond: 0.01, Burst: 5, RedisAddr: srv.Addr(),
		RedisTimeout: scaled(200 * time.Millisecond), RedisProbe: 10 * time.Millisecond}
	oa := o
	oa.Registerer = reg
	a, b := newLimiter(t, oa), newLimiter(t, o)
	allowed := func(l *Limiter, n int) int {
		k := 0
		for range n {
			if ok, _ := l.Allow("rrkah-fqaaa-aaaaa-aaaaq-cai"); ok {
				k++
			}
		}
		return k
	}
	if got := allowed(a, 3) + allowed(b, 5); got != 5 {
		t.Fatalf("two PoPs admitted %d, want the shared burst of 5", got)
	}
	if ok, wait := b.Allow("rrkah-fqaaa-aaaaa-aaaaq-cai"); ok || wait < 90*time.Second {
		t.Fatalf("refusal should come from Redis with ~100 s to wait: %v %v", ok, wait)
	}

	srv.Stop()
	if got := allowed(a, 8); got != 5 {
		t.Fatalf("with Redis down PoP A admitted %d, want its local burst of 5", got)
	}
	if a.RedisUp() || testutil.ToFloat64(a.health.Gauge()) != 0 {
		t.Fatal("edge_limit_redis_up must be 0 while Redis is down")
	}
	if testutil.ToFloat64(a.health.Errors()) < 1 {
		t.Fatal("the failure must be counted")
	}

	srv.Start()
	eventually(t, "PoP A to use Redis again", a.RedisUp)
	if testutil.ToFloat64(a.health.Gauge()) != 1 {
		t.Fatal("edge_limit_redis_up must be 1 again")
	}
	// The restarted Redis is empty: a fresh shared bucket.
	eventually(t, "PoP B to use Redis again", func() bool { b.Allow("probe"); return b.RedisUp() })
	if got := allowed(a, 2) + allowed(b, 5); got != 5 {
		t.Fatalf("after the restart the PoPs admitted %d, want 5", got)
	}
}
