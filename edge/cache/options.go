package cache

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// Options configures a [Cache]. Field comments are the reference.
type Options struct {
	// MaxBytes bounds the memory store: bodies, headers and keys. Required.
	MaxBytes int64
	// MaxItemBytes bounds one answer's body (default 10 MiB, at most
	// MaxBytes/4); bigger answers pass through unstored.
	MaxItemBytes int64
	// DefaultTTL is the freshness of an answer that states none
	// (no max-age, s-maxage or Expires). 0: such answers are not stored.
	DefaultTTL time.Duration
	// MaxTTL caps any freshness (default 24 h).
	MaxTTL time.Duration
	// StaleIfError bounds how long after it went stale an entry may still
	// be served when the upstream fails (RFC 5861). 0 disables it.
	StaleIfError time.Duration
	// LockTimeout bounds how long a request waits for another's upstream
	// fetch of the same key before fetching itself (default 5 s).
	LockTimeout time.Duration
	// KeyExtra, if set, adds a string to every key (e.g. a tenant).
	KeyExtra func(*http.Request) string

	// Redis, if set, is the shared second tier; the cache does not close
	// it. RedisAddr is the alternative: the cache builds its own fail-fast
	// client and closes it in Close.
	Redis     redis.UniversalClient
	RedisAddr string
	// RedisTimeout bounds one Redis operation (default 50 ms); slower
	// counts as down. RedisProbe is the retry interval while down
	// (default 1 s). RedisPrefix starts every key (default
	// "threshold:cache:").
	RedisTimeout time.Duration
	RedisProbe   time.Duration
	RedisPrefix  string

	Logger     *slog.Logger          // default slog.Default()
	Registerer prometheus.Registerer // nil: metrics unregistered
	Now        func() time.Time      // default time.Now
}

// ErrOptions is wrapped by every error about bad options.
var ErrOptions = errors.New("cache: bad options")

func (o *Options) validate() error {
	switch {
	case o.MaxBytes <= 0:
		return fmt.Errorf("%w: max bytes %d must be positive", ErrOptions, o.MaxBytes)
	case o.MaxItemBytes < 0 || o.DefaultTTL < 0 || o.MaxTTL < 0 || o.StaleIfError < 0 ||
		o.LockTimeout < 0 || o.RedisTimeout < 0 || o.RedisProbe < 0:
		return fmt.Errorf("%w: sizes and durations must not be negative", ErrOptions)
	}
	if o.MaxItemBytes == 0 {
		o.MaxItemBytes = 10 << 20
	}
	o.MaxItemBytes = min(o.MaxItemBytes, o.MaxBytes/4)
	if o.MaxTTL == 0 {
		o.MaxTTL = 24 * time.Hour
	}
	if o.LockTimeout == 0 {
		o.LockTimeout = 5 * time.Second
	}
	if o.RedisPrefix == "" {
		o.RedisPrefix = "threshold:cache:"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return nil
}
