package edge

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/threshold-ic/threshold/edge/gateway"
)

// metrics are the edge's own Prometheus series, registered on the edge's
// registry (never the global one). The routing, cache and limit packages
// register theirs on the same registry.
type metrics struct {
	requests     *prometheus.CounterVec   // by protocol and status
	causes       *prometheus.CounterVec   // gateway error causes
	verification *prometheus.CounterVec   // by result ("ok"/"failed"), version or reason
	upstream     *prometheus.HistogramVec // by kind: query, update
	duration     *prometheus.HistogramVec // by protocol
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "threshold_edge_requests_total", Help: "Requests served by the edge, by HTTP protocol and status.",
		}, []string{"protocol", "status"}),
		causes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "threshold_edge_errors_total", Help: "Gateway errors by cause (unknown_domain, verification_failed, upstream_unavailable, ...).",
		}, []string{"cause"}),
		verification: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "threshold_edge_verifications_total", Help: "Answers checked, by result and by certification version (or failure reason).",
		}, []string{"result", "detail"}),
		upstream: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "threshold_edge_upstream_seconds", Help: "Time spent on the replicas per request.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 15),
		}, []string{"kind"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "threshold_edge_request_seconds", Help: "Request duration at the edge, by protocol.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2, 18),
		}, []string{"protocol"}),
	}
	reg.MustRegister(m.requests, m.causes, m.verification, m.upstream, m.duration)
	return m
}

// gatewayMetrics turns gateway events into series.
type gatewayMetrics struct{ m *metrics }

// Observe implements gateway.Metrics.
func (g gatewayMetrics) Observe(e gateway.Event) {
	if e.Cause != "" {
		g.m.causes.WithLabelValues(e.Cause).Inc()
	}
	switch {
	case e.Cause == "verification_failed":
		g.m.verification.WithLabelValues("failed", e.Reason).Inc()
	case e.Verification != "":
		g.m.verification.WithLabelValues("ok", e.Verification).Inc()
	}
	if e.Upstream > 0 {
		kind := "query"
		if e.Upgraded {
			kind = "update"
		}
		g.m.upstream.WithLabelValues(kind).Observe(e.Upstream.Seconds())
	}
}

var _ gateway.Metrics = gatewayMetrics{}

// protocol names the HTTP version of a request: h1, h2 or h3.
func protocol(r *http.Request) string {
	switch r.ProtoMajor {
	case 3:
		return "h3"
	case 2:
		return "h2"
	}
	return "h1"
}

// statusWriter records the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
