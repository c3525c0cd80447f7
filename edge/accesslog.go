package edge

import (
	"log/slog"
	"maps"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// observe is the outermost layer: it times every request once, counts it
// in the metrics by protocol and status, and writes one structured access
// line through slog (JSON in production, Config.Log.Format) when the log
// takes Info lines. A cache hit passes here too, so it does as little as
// it can: one clock read each way, counters and histograms looked up once
// per protocol (and status), no log attributes built for a log that drops
// them.
func observe(m *metrics, log *slog.Logger, next http.Handler) http.Handler {
	counters := &requestCounters{vec: m.requests}
	counters.m.Store(&map[counterKey]prometheus.Counter{})
	durations := map[string]prometheus.Observer{}
	for _, proto := range []string{"h1", "h2", "h3"} {
		durations[proto] = m.duration.WithLabelValues(proto)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		took := time.Since(start)
		proto := protocol(r)
		counters.get(proto, sw.status).Inc()
		durations[proto].Observe(took.Seconds())
		if log.Enabled(r.Context(), slog.LevelInfo) {
			logRequest(log, r, proto, sw, took)
		}
	})
}

// logRequest writes one access log line. It is a function of its own so
// that its attributes do not enlarge the frame every request runs under
// (a larger frame makes more requests grow their goroutine's stack).
func logRequest(log *slog.Logger, r *http.Request, proto string, sw *statusWriter, took time.Duration) {
	log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method),
		slog.String("host", r.Host),
		slog.String("path", r.URL.Path),
		slog.String("proto", proto),
		slog.Int("status", sw.status),
		slog.Int64("bytes", sw.bytes),
		slog.String("cache", sw.Header().Get("X-Cache")),
		slog.String("remote", r.RemoteAddr),
		slog.Duration("duration", took),
	)
}

// requestCounters caches the request counter of each (protocol, status):
// a labelled lookup hashes its labels on every call. Reads take no lock and
// allocate nothing; a new pair copies the small map.
type requestCounters struct {
	vec *prometheus.CounterVec
	// mu serializes additions; m is never nil.
	mu sync.Mutex
	m  atomic.Pointer[map[counterKey]prometheus.Counter]
}

type counterKey struct {
	proto  string
	status int
}

func (c *requestCounters) get(proto string, status int) prometheus.Counter {
	k := counterKey{proto, status}
	if ctr, ok := (*c.m.Load())[k]; ok {
		return ctr
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old := *c.m.Load()
	if ctr, ok := old[k]; ok {
		return ctr
	}
	m := make(map[counterKey]prometheus.Counter, len(old)+1)
	maps.Copy(m, old)
	ctr := c.vec.WithLabelValues(proto, strconv.Itoa(status))
	m[k] = ctr
	c.m.Store(&m)
	return ctr
}
