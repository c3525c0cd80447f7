package routing

import (
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are one Router's instruments.
type metrics struct {
	attempts    *prometheus.CounterVec   // subnet, node, outcome
	retries     *prometheus.CounterVec   // subnet, reason
	budgetEmpty *prometheus.CounterVec   // subnet
	noHealthy   *prometheus.CounterVec   // subnet
	healthy     *prometheus.GaugeVec     // subnet, node
	transitions *prometheus.CounterVec   // subnet, node, to
	latency     *prometheus.HistogramVec // subnet, op
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "threshold_edge_routing_attempts_total",
			Help: "Requests sent to replica nodes, by subnet, node and outcome (2xx, 3xx, 4xx, 429, 5xx, error).",
		}, []string{"subnet", "node", "outcome"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "threshold_edge_routing_retries_total",
			Help: "Requests sent again to another node, by subnet and the reason (error, 429, 5xx).",
		}, []string{"subnet", "reason"}),
		budgetEmpty: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "threshold_edge_routing_retry_budget_exhausted_total",
			Help: "Retries not made because the retry budget was spent.",
		}, []string{"subnet"}),
		noHealthy: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "threshold_edge_routing_no_healthy_node_total",
			Help: "Requests refused because no node of the subnet was usable.",
		}, []string{"subnet"}),
		healthy: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "threshold_edge_routing_node_healthy",
			Help: "1 when the node takes requests, 0 when it failed its health check or was marked down.",
		}, []string{"subnet", "node"}),
		transitions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "threshold_edge_routing_node_transitions_total",
			Help: "Node health changes, by the state entered (up, down).",
		}, []string{"subnet", "node", "to"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "threshold_edge_routing_attempt_duration_seconds",
			Help:    "Time to the response headers of one attempt, by subnet and operation.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"subnet", "op"}),
	}
	if reg != nil {
		reg.MustRegister(m.attempts, m.retries, m.budgetEmpty, m.noHealthy, m.healthy, m.transitions, m.latency)
	}
	return m
}

// outcome names an attempt's result for the attempts counter.
func outcome(status int, err error) string {
	switch {
	case err != nil:
		return "error"
	case status == 429:
		return "429"
	case status >= 500:
		return "5xx"
	case status >= 400:
		return "4xx"
	case status >= 300:
		return "3xx"
	}
	return "2xx"
}
