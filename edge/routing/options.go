package routing

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Options configure a Router. Zero values take the defaults in brackets.
type Options struct {
	// Logger receives health transitions and exhausted budgets [discard].
	Logger *slog.Logger
	// Registerer gets the Router's metrics [not registered].
	Registerer prometheus.Registerer
	// Transport sends requests to nodes [a clone of http.DefaultTransport
	// with HTTP/2 attempted and 64 idle connections per node].
	Transport http.RoundTripper
	// DefaultSubnet serves /api/v2/status and requests whose effective
	// canister is the management canister aaaaa-aa [the first application
	// subnet of the table].
	DefaultSubnet principal.Principal

	// HealthInterval is the time between two health checks of a node [1s].
	HealthInterval time.Duration
	// HealthTimeout bounds one health check [1s].
	HealthTimeout time.Duration
	// PassiveDown is how long a failed request keeps a node out, doubling
	// with consecutive failures up to 16 times [1s].
	PassiveDown time.Duration
	// InitialLatency is the latency assumed for a node not yet measured
	// [20ms].
	InitialLatency time.Duration

	// AttemptTimeout bounds one attempt of a query, read_state or status
	// until the whole answer is read; calls are bounded by the caller's
	// context only [10s].
	AttemptTimeout time.Duration
	// MaxBodyBytes bounds a request body, which is buffered for retries
	// [4 MiB; the IC's ingress limit is 2 MiB plus the envelope].
	MaxBodyBytes int64
	// MaxRetries bounds the retries of one request; -1 turns retries off
	// [2].
	MaxRetries int
	// RetryBackoff is the first backoff; it doubles per retry [25ms].
	RetryBackoff time.Duration
	// RetryRatio is the share of requests that may be retried [0.1].
	RetryRatio float64
	// RetryMinPerSecond is the number of retries per second allowed
	// whatever the ratio [10].
	RetryMinPerSecond float64
	// RetryWindow is the sliding window of the retry budget [10s].
	RetryWindow time.Duration

	// Now is the clock [time.Now].
	Now func() time.Time
	// Rand drives node choice and jitter [seeded from crypto/rand].
	Rand rand.Source
	// Events, when set, is called (synchronously, from the health checker
	// or the request path) on every health transition.
	Events func(Event)
}

// Event is a node's health transition.
type Event struct {
	Subnet, Node principal.Principal
	URL          string
	Healthy      bool
	Reason       string // why the node is down ("" when it came back)
}

// Validate reports the first option that is out of range.
func (o Options) Validate() error {
	durations := []struct {
		name string
		d    time.Duration
	}{
		{"HealthInterval", o.HealthInterval}, {"HealthTimeout", o.HealthTimeout},
		{"PassiveDown", o.PassiveDown}, {"InitialLatency", o.InitialLatency},
		{"AttemptTimeout", o.AttemptTimeout}, {"RetryBackoff", o.RetryBackoff},
		{"RetryWindow", o.RetryWindow},
	}
	for _, d := range durations {
		if d.d < 0 {
			return fmt.Errorf("routing: %s is negative", d.name)
		}
	}
	switch {
	case o.MaxBodyBytes < 0:
		return errors.New("routing: MaxBodyBytes is negative")
	case o.MaxRetries < -1 || o.MaxRetries > 10:
		return errors.New("routing: MaxRetries must be in -1..10")
	case o.RetryRatio < 0 || o.RetryRatio > 1:
		return errors.New("routing: RetryRatio must be in [0, 1]")
	case o.RetryMinPerSecond < 0:
		return errors.New("routing: RetryMinPerSecond is negative")
	case o.RetryWindow != 0 && o.RetryWindow < time.Second:
		return errors.New("routing: RetryWindow must be at least 1s")
	}
	return nil
}

// withDefaults fills the zero values.
func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&o.HealthInterval, time.Second)
	def(&o.HealthTimeout, time.Second)
	def(&o.PassiveDown, time.Second)
	def(&o.InitialLatency, 20*time.Millisecond)
	def(&o.AttemptTimeout, 10*time.Second)
	def(&o.RetryBackoff, 25*time.Millisecond)
	def(&o.RetryWindow, 10*time.Second)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Transport == nil {
		o.Transport = defaultTransport()
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 4 << 20
	}
	switch o.MaxRetries {
	case 0:
		o.MaxRetries = 2
	case -1:
		o.MaxRetries = 0
	}
	if o.RetryRatio == 0 {
		o.RetryRatio = 0.1
	}
	if o.RetryMinPerSecond == 0 {
		o.RetryMinPerSecond = 10
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.NewPCG(rand.Uint64(), rand.Uint64())
	}
	return o
}

func defaultTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 3 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.ForceAttemptHTTP2 = true
	t.MaxIdleConns = 1024
	t.MaxIdleConnsPerHost = 64
	t.IdleConnTimeout = 90 * time.Second
	return t
}
