// Package redisfail is the Redis fail-over shared by the edge's cache and
// rate limiters: a fail-fast client, and a health state that an operation
// error marks down and a background ping marks up again, with a gauge, an
// error counter and one log line per change of state.
package redisfail

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// The defaults of the edge's Redis users (cache and limits) when their
// options leave a duration zero: one operation slower than DefaultTimeout
// counts as Redis down, and a down Redis is probed every DefaultProbe.
const (
	DefaultTimeout = 50 * time.Millisecond
	DefaultProbe   = time.Second
)

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// NewClient builds a client for addr that fails fast: no retries and
// every timeout equal to the operation timeout (zero: DefaultTimeout), so
// a dead or slow Redis costs one timeout before the fallback takes over.
func NewClient(addr string, timeout time.Duration) *redis.Client {
	quietOnce.Do(func() { redis.SetLogger(quiet{}) })
	timeout = orDefault(timeout, DefaultTimeout)
	return redis.NewClient(&redis.Options{
		Addr: addr, Protocol: 2, DisableIdentity: true, MaxRetries: -1,
		DialTimeout: timeout, ReadTimeout: timeout, WriteTimeout: timeout, PoolTimeout: timeout,
		ContextTimeoutEnabled:    true,
		MaintNotificationsConfig: &maintnotifications.Config{Mode: maintnotifications.ModeDisabled},
	})
}

// go-redis prints its own lines ("redis: connection pool: failed to dial
// ...") with the standard log package, through a logger that is global to
// the process and cannot be scoped per client. They would break the edge's
// JSON logs and repeat every failed dial; Health already logs each change
// of state through the injected *slog.Logger, so they are dropped.
var quietOnce sync.Once

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

// Health says whether Redis is usable. An operation that fails marks
// it down; a goroutine then pings it every interval and marks it up again.
// It starts up: the first operation finds out.
type Health struct {
	client   redis.UniversalClient
	timeout  time.Duration
	interval time.Duration
	log      *slog.Logger
	up       atomic.Bool
	gauge    prometheus.Gauge
	errs     prometheus.Counter

	wake chan struct{}
	stop chan struct{}
	done sync.WaitGroup
}

// NewHealth watches c; a zero timeout or interval takes DefaultTimeout or
// DefaultProbe.
func NewHealth(c redis.UniversalClient, timeout, interval time.Duration, log *slog.Logger, gauge prometheus.Gauge, errs prometheus.Counter) *Health {
	timeout, interval = orDefault(timeout, DefaultTimeout), orDefault(interval, DefaultProbe)
	h := &Health{client: c, timeout: timeout, interval: interval, log: log, gauge: gauge, errs: errs,
		wake: make(chan struct{}, 1), stop: make(chan struct{})}
	h.up.Store(true)
	gauge.Set(1)
	h.done.Add(1)
	go h.run()
	return h
}

// Ctx returns the context for one operation: its own deadline, detached
// from the client's request so a client hanging up is not a Redis failure.
func (h *Health) Ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), h.timeout)
}

// Failed records an operation's error; redis.Nil (no such key) is not one.
func (h *Health) Failed(err error) {
	if err == nil || errors.Is(err, redis.Nil) {
		return
	}
	h.errs.Inc()
	if h.up.CompareAndSwap(true, false) {
		h.gauge.Set(0)
		h.log.Warn("redis unavailable, using local state", "err", err)
		select {
		case h.wake <- struct{}{}:
		default:
		}
	}
}

func (h *Health) run() {
	defer h.done.Done()
	for {
		select {
		case <-h.stop:
			return
		case <-h.wake:
		}
		t := time.NewTicker(h.interval)
		for !h.up.Load() {
			select {
			case <-h.stop:
				t.Stop()
				return
			case <-t.C:
			}
			ctx, cancel := h.Ctx()
			err := h.client.Ping(ctx).Err()
			cancel()
			if err == nil {
				h.up.Store(true)
				h.gauge.Set(1)
				h.log.Info("redis available again")
			}
		}
		t.Stop()
	}
}

func (h *Health) Close() {
	close(h.stop)
	h.done.Wait()
}

// Up reports whether Redis is believed usable.
func (h *Health) Up() bool { return h.up.Load() }

// Client is the Redis client the health watches.
func (h *Health) Client() redis.UniversalClient { return h.client }

// Gauge is the 0/1 gauge of Redis' state; Errors counts failed operations.
func (h *Health) Gauge() prometheus.Gauge { return h.gauge }

// Errors counts failed Redis operations.
func (h *Health) Errors() prometheus.Counter { return h.errs }
