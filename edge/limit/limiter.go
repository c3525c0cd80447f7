package limit

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/threshold-ic/threshold/edge/internal/redisfail"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// Options configures a [Limiter].
type Options struct {
	// Name names the limiter in metrics (label "limiter") and in Redis
	// keys, e.g. "ip" or "canister". Required.
	Name string
	// PerSecond is the sustained rate per key; Burst how many requests a
	// key may send at once. Both must be positive.
	PerSecond float64
	Burst     int
	// MaxKeys bounds the keys kept in memory (default 100,000).
	MaxKeys int

	// Redis, if set, shares the counters with other PoPs; the limiter does
	// not close it. RedisAddr is the alternative: the limiter builds its
	// own fail-fast client and closes it in Close.
	Redis     redis.UniversalClient
	RedisAddr string
	// RedisTimeout bounds one Redis operation (default 50 ms); slower
	// counts as down. RedisProbe is the retry interval while down
	// (default 1 s). RedisPrefix starts every key (default
	// "threshold:limit:").
	RedisTimeout time.Duration
	RedisProbe   time.Duration
	RedisPrefix  string

	Logger     *slog.Logger          // default slog.Default()
	Registerer prometheus.Registerer // nil: metrics unregistered
	Now        func() time.Time      // clock of the local counters; default time.Now
}

// ErrOptions is wrapped by every error about bad options.
var ErrOptions = errors.New("limit: bad options")

func (o *Options) validate() error {
	switch {
	case o.Name == "":
		return fmt.Errorf("%w: a limiter needs a name", ErrOptions)
	case o.PerSecond <= 0 || o.Burst < 1:
		return fmt.Errorf("%w: limiter %q: per second %v and burst %d must be positive", ErrOptions, o.Name, o.PerSecond, o.Burst)
	case o.MaxKeys < 0 || o.RedisTimeout < 0 || o.RedisProbe < 0:
		return fmt.Errorf("%w: limiter %q: negative max keys or Redis durations", ErrOptions, o.Name)
	}
	if o.MaxKeys == 0 {
		o.MaxKeys = 100_000
	}
	if o.RedisPrefix == "" {
		o.RedisPrefix = "threshold:limit:"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return nil
}

// Limiter is a GCRA rate limiter keyed by string, local or in Redis. It is
// safe for concurrent use; Close stops its Redis prober.
type Limiter struct {
	opts    Options
	g       gcra
	local   *local
	prefix  string
	health  *redisfail.Health // nil without Redis
	ownsRed bool

	allowed, limited prometheus.Counter
}

// New returns a Limiter, or an error wrapping [ErrOptions] or naming the
// metric that could not be registered.
func New(opts Options) (*Limiter, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	g := newGCRA(opts.PerSecond, opts.Burst)
	l := &Limiter{opts: opts, g: g, local: newLocal(g, opts.MaxKeys), prefix: opts.RedisPrefix + opts.Name + ":"}
	labels := prometheus.Labels{"limiter": opts.Name}
	decisions := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "edge_limit_requests_total", Help: "Rate-limit decisions, by outcome.", ConstLabels: labels,
	}, []string{"outcome"})
	l.allowed, l.limited = decisions.WithLabelValues("allowed"), decisions.WithLabelValues("limited")
	up := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "edge_limit_redis_up", Help: "1 while the shared Redis counters are in use, 0 while local ones stand in.", ConstLabels: labels,
	})
	errs := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "edge_limit_redis_errors_total", Help: "Redis operations that failed or timed out.", ConstLabels: labels,
	})
	if err := register(opts.Registerer, decisions, up, errs); err != nil {
		return nil, err
	}
	client := opts.Redis
	if client == nil && opts.RedisAddr != "" {
		client, l.ownsRed = redisfail.NewClient(opts.RedisAddr, opts.RedisTimeout), true
	}
	if client != nil {
		l.health = redisfail.NewHealth(client, opts.RedisTimeout, opts.RedisProbe,
			opts.Logger.With("component", "edge/limit", "limiter", opts.Name), up, errs)
	}
	return l, nil
}

func register(r prometheus.Registerer, cs ...prometheus.Collector) error {
	if r == nil {
		return nil
	}
	for _, c := range cs {
		if err := r.Register(c); err != nil {
			return fmt.Errorf("limit: registering metrics: %w", err)
		}
	}
	return nil
}

// Allow decides one request for key: whether it may pass and, if not, how
// long until it would.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	ok, wait := l.decide(key)
	if ok {
		l.allowed.Inc()
	} else {
		l.limited.Inc()
	}
	return ok, wait
}

func (l *Limiter) decide(key string) (bool, time.Duration) {
	if l.health != nil && l.health.Up() {
		ok, wait, err := l.allowRedis(key)
		if err == nil {
			return ok, wait
		}
		l.health.Failed(err)
	}
	return l.local.allow(key, l.opts.Now())
}

// RedisUp reports whether the limiter is using Redis (false without one).
func (l *Limiter) RedisUp() bool { return l.health != nil && l.health.Up() }

// Close stops the Redis prober and closes a client the limiter built.
func (l *Limiter) Close() error {
	if l.health == nil {
		return nil
	}
	l.health.Close()
	if l.ownsRed {
		return l.health.Client().Close()
	}
	return nil
}
