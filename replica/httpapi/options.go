package httpapi

import (
	"io"
	"log/slog"
	"time"
)

// Defaults of Options, taken from the DFINITY replica's configuration
// (ic_config::http_handler) where it has one.
const (
	// DefaultMaxBodyBytes bounds a request body: the replica's
	// max_request_size_bytes (5 MiB), which covers the largest ingress
	// message (2 MiB on application subnets, 3.5 MiB on system subnets)
	// plus its envelope.
	DefaultMaxBodyBytes = 5 << 20
	// DefaultBodyReadTimeout bounds the time spent receiving one body.
	// The replica allows 300 s (MAX_REQUEST_RECEIVE_TIMEOUT); a body of
	// 5 MiB needs far less, and a slow sender should not hold a handler.
	DefaultBodyReadTimeout = 30 * time.Second
	// DefaultSyncCallTimeout is how long a v3/v4 call waits for its
	// certified result before answering 202 (the replica's
	// ingress_message_certificate_timeout_seconds).
	DefaultSyncCallTimeout = 10 * time.Second
	// DefaultImplVersion is sent as impl_version by GET /api/v2/status.
	DefaultImplVersion = "threshold"
)

// Options configure the HTTP API. The zero value is usable: every zero
// field takes its default. Options are read once, by New.
type Options struct {
	// MaxBodyBytes is the largest request body accepted; larger bodies
	// are refused with 413. Zero or negative means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// BodyReadTimeout bounds the reading of one request body (408 when it
	// passes). It is a per-request read deadline set through
	// http.ResponseController; the server's own ReadTimeout, when set,
	// still applies. Zero or negative means DefaultBodyReadTimeout.
	BodyReadTimeout time.Duration
	// SyncCallTimeout is how long /api/v3|v4/.../call waits for a
	// terminal, certified status before answering 202. Zero or negative
	// means DefaultSyncCallTimeout.
	SyncCallTimeout time.Duration
	// ImplVersion and ImplHash are reported by GET /api/v2/status
	// (impl_hash is left out when empty).
	ImplVersion string
	ImplHash    string
	// Logger receives the API's own log lines (server errors, recovered
	// panics); nil discards them.
	Logger *slog.Logger
}

// withDefaults returns o with every zero field set to its default.
func (o Options) withDefaults() Options {
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.BodyReadTimeout <= 0 {
		o.BodyReadTimeout = DefaultBodyReadTimeout
	}
	if o.SyncCallTimeout <= 0 {
		o.SyncCallTimeout = DefaultSyncCallTimeout
	}
	if o.ImplVersion == "" {
		o.ImplVersion = DefaultImplVersion
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	o.Logger = o.Logger.With("component", "httpapi")
	return o
}
