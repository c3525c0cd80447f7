package cache

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	results                               *prometheus.CounterVec // hit, miss, stale, bypass, not_modified
	hit, notModified, miss, stale, bypass prometheus.Counter
	uncacheable                           *prometheus.CounterVec // by reason
	waits                                 *prometheus.CounterVec // shared, timeout
	evictions                             prometheus.Counter
	redisUp                               prometheus.Gauge
	redisErrors                           prometheus.Counter
	collectors                            []prometheus.Collector
}

func newMetrics(m *memory) *metrics {
	x := &metrics{
		results: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "edge_cache_requests_total",
			Help: "GET and HEAD requests by cache result: hit, not_modified (304 from the cache), miss, stale (stale-if-error), bypass (not storable).",
		}, []string{"result"}),
		uncacheable: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "edge_cache_uncacheable_total", Help: "Answers not stored, by reason.",
		}, []string{"reason"}),
		waits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "edge_cache_lock_waits_total", Help: "Requests that waited for another's fetch of the same key, by how the wait ended.",
		}, []string{"outcome"}),
		evictions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "edge_cache_evictions_total", Help: "Entries evicted from memory to make room.",
		}),
		redisUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "edge_cache_redis_up", Help: "1 while the shared Redis tier is in use, 0 while the cache runs on memory alone.",
		}),
		redisErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "edge_cache_redis_errors_total", Help: "Redis operations that failed or timed out.",
		}),
	}
	x.hit, x.notModified = x.results.WithLabelValues("hit"), x.results.WithLabelValues("not_modified")
	x.miss, x.stale, x.bypass = x.results.WithLabelValues("miss"), x.results.WithLabelValues("stale"), x.results.WithLabelValues("bypass")
	x.collectors = []prometheus.Collector{x.results, x.uncacheable, x.waits, x.evictions, x.redisUp, x.redisErrors,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "edge_cache_memory_bytes", Help: "Weight of the entries in memory."},
			func() float64 { return float64(m.bytes.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "edge_cache_memory_entries", Help: "Entries in memory."},
			func() float64 { return float64(m.count.Load()) }),
	}
	return x
}

func (x *metrics) register(r prometheus.Registerer) error {
	if r == nil {
		return nil
	}
	for _, c := range x.collectors {
		if err := r.Register(c); err != nil {
			return fmt.Errorf("cache: registering metrics: %w", err)
		}
	}
	return nil
}
