package limit

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// ConcurrencyOptions configures a [Concurrency] limiter.
type ConcurrencyOptions struct {
	// Max is the number of requests allowed in flight. Required.
	Max int
	// MaxQueue bounds the requests waiting for a slot (default Max);
	// beyond it a request is shed at once.
	MaxQueue int
	// QueueTimeout bounds the wait for a slot (default 1 s).
	QueueTimeout time.Duration
	// RetryAfter is what a shed request is told (default 1 s).
	RetryAfter time.Duration
	// Reject writes the 503; nil for [DefaultReject].
	Reject     Reject
	Registerer prometheus.Registerer
}

// Concurrency caps the requests in flight through it. Put it inside the
// cache, in front of the gateway, so that hits never queue.
type Concurrency struct {
	opts     ConcurrencyOptions
	slots    chan struct{}
	queued   atomic.Int64
	inflight prometheus.Gauge
	waiting  prometheus.Gauge
	shed     *prometheus.CounterVec
}

// NewConcurrency returns a Concurrency limiter, or an error wrapping
// [ErrOptions].
func NewConcurrency(o ConcurrencyOptions) (*Concurrency, error) {
	if o.Max <= 0 || o.MaxQueue < 0 || o.QueueTimeout < 0 || o.RetryAfter < 0 {
		return nil, fmt.Errorf("%w: concurrency: max %d must be positive, queue and durations not negative", ErrOptions, o.Max)
	}
	if o.MaxQueue == 0 {
		o.MaxQueue = o.Max
	}
	if o.QueueTimeout == 0 {
		o.QueueTimeout = time.Second
	}
	if o.RetryAfter == 0 {
		o.RetryAfter = time.Second
	}
	if o.Reject == nil {
		o.Reject = DefaultReject
	}
	c := &Concurrency{opts: o, slots: make(chan struct{}, o.Max),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "edge_limit_upstream_inflight", Help: "Requests in flight to the replicas."}),
		waiting:  prometheus.NewGauge(prometheus.GaugeOpts{Name: "edge_limit_upstream_queued", Help: "Requests waiting for an upstream slot."}),
		shed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "edge_limit_shed_total", Help: "Requests shed with 503, by reason (queue_full, queue_timeout).",
		}, []string{"reason"}),
	}
	if err := register(o.Registerer, c.inflight, c.waiting, c.shed); err != nil {
		return nil, err
	}
	return c, nil
}

// Middleware admits a request when a slot is free, queues it otherwise, and
// sheds it when the queue is full or the wait too long. A client that goes
// away while queued gets nothing.
func (c *Concurrency) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case c.slots <- struct{}{}:
		default:
			if !c.wait(w, r) {
				return
			}
		}
		c.inflight.Inc()
		defer func() {
			c.inflight.Dec()
			<-c.slots
		}()
		next.ServeHTTP(w, r)
	})
}

// wait queues for a slot; it reports whether one was taken.
func (c *Concurrency) wait(w http.ResponseWriter, r *http.Request) bool {
	if c.queued.Add(1) > int64(c.opts.MaxQueue) {
		c.queued.Add(-1)
		c.shed.WithLabelValues("queue_full").Inc()
		c.opts.Reject(w, r, http.StatusServiceUnavailable, c.opts.RetryAfter)
		return false
	}
	c.waiting.Inc()
	defer func() {
		c.queued.Add(-1)
		c.waiting.Dec()
	}()
	t := time.NewTimer(c.opts.QueueTimeout)
	defer t.Stop()
	select {
	case c.slots <- struct{}{}:
		return true
	case <-t.C:
		c.shed.WithLabelValues("queue_timeout").Inc()
		c.opts.Reject(w, r, http.StatusServiceUnavailable, c.opts.RetryAfter)
		return false
	case <-r.Context().Done():
		return false
	}
}
