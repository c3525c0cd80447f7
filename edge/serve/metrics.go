package serve

import (
	"bytes"
	"context"
	"log"
	"log/slog"
	"net"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's own Prometheus series; the edge's request
// metrics by status and cache result come from its middlewares.
type metrics struct {
	requests *prometheus.CounterVec // by proto: h1, h2, h3, http
	// h1, h2, h3 and http are requests' counters, looked up once: a
	// labelled lookup hashes its label on every request.
	h1, h2, h3, http prometheus.Counter
	certificates     *prometheus.CounterVec // by result: issued, failed, refused
	connections      *prometheus.GaugeVec   // open TCP connections by listener
	handshakeErrs    prometheus.Counter
	draining         prometheus.Gauge
	h3Stalled        prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "edge_serve_requests_total",
			Help: "Requests received, by protocol (h1, h2, h3 on HTTPS; http on the plain port).",
		}, []string{"proto"}),
		certificates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "edge_serve_certificates_total",
			Help: "Certificate operations: issued, failed, or refused (host not allowed).",
		}, []string{"result"}),
		connections: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "edge_serve_open_connections",
			Help: "Open TCP connections by listener (https, http).",
		}, []string{"listener"}),
		handshakeErrs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "edge_serve_tls_handshake_errors_total",
			Help: "TLS handshakes over TCP that failed (refused names, timeouts, bad clients).",
		}),
		draining: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "edge_serve_draining",
			Help: "1 while the server drains before shutting down.",
		}),
		h3Stalled: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "edge_serve_h3_stalled_connections_total",
			Help: "HTTP/3 connections closed because no request reached the handler in time (slow or absent headers).",
		}),
	}
	m.h1, m.h2, m.h3, m.http = m.requests.WithLabelValues("h1"), m.requests.WithLabelValues("h2"),
		m.requests.WithLabelValues("h3"), m.requests.WithLabelValues("http")
	for _, c := range []prometheus.Collector{m.requests, m.certificates, m.connections, m.handshakeErrs, m.draining, m.h3Stalled} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// certEvent counts certmagic's certificate events and logs issuance.
func (m *metrics) certEvent(log *slog.Logger) func(context.Context, string, map[string]any) error {
	return func(_ context.Context, event string, data map[string]any) error {
		switch event {
		case "cert_obtained":
			m.certificates.WithLabelValues("issued").Inc()
			log.Info("certificate obtained", "identifier", data["identifier"], "issuer", data["issuer"])
		case "cert_failed":
			m.certificates.WithLabelValues("failed").Inc()
			log.Warn("certificate failed", "identifier", data["identifier"], "error", data["error"])
		}
		return nil
	}
}

// connState tracks open connections of one listener.
func (m *metrics) connState(listener string) func(net.Conn, http.ConnState) {
	g := m.connections.WithLabelValues(listener)
	return func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			g.Inc()
		case http.StateClosed, http.StateHijacked:
			g.Dec()
		}
	}
}

// errorLog turns net/http's error log into slog debug events, counting
// TLS handshake failures on the way.
func (m *metrics) errorLog(l *slog.Logger) *log.Logger {
	return log.New(errorLogWriter{m: m, l: l}, "", 0)
}

type errorLogWriter struct {
	m *metrics
	l *slog.Logger
}

func (w errorLogWriter) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("TLS handshake error")) {
		w.m.handshakeErrs.Inc()
	}
	w.l.Debug(string(bytes.TrimSpace(p)))
	return len(p), nil
}

// metricsHandler serves /metrics from g and /health from health.
func metricsHandler(g prometheus.Gatherer, health http.HandlerFunc) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(g, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /health", health)
	return mux
}
