package serve

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Options configures a Server. It is validated once by New; Reload takes a
// whole new value.
type Options struct {
	// HTTPSAddr is host:port for HTTPS: TCP (HTTP/1.1, HTTP/2) and UDP
	// (HTTP/3) bind the same port number. Port 0 picks a free port that is
	// free on both. Required.
	HTTPSAddr string
	// HTTPAddr is host:port for plain HTTP, which redirects to HTTPS (and
	// answers ACME HTTP-01 challenges) or, in DevMode, serves Handler.
	// Empty: no HTTP listener.
	HTTPAddr string
	// MetricsAddr is host:port for /metrics and /health. Empty: none.
	MetricsAddr string
	// PublicHTTPSPort is the HTTPS port clients reach, when a port mapping
	// makes it differ from the bound one; used in Alt-Svc and redirects.
	// 0: the bound port.
	PublicHTTPSPort int

	// Handler serves every request on HTTPS (and on HTTP in DevMode).
	// Required; SetHandler replaces it.
	Handler http.Handler
	// TLS says where certificates come from. Required.
	TLS TLS
	// Allow reports whether a certificate may be issued on demand for a
	// host name (LocalCA and ACME): only names the edge can map to a
	// canister. Required for LocalCA and for ACME without Domains.
	Allow func(host string) bool
	// DevMode makes the HTTP port serve Handler instead of redirecting.
	DevMode bool
	// Health, if set, is asked by /health; an error makes it answer 503
	// with the error text. /health also answers 503 while draining.
	Health func() error

	// Timeouts bound every phase of a connection (slowloris defence).
	Timeouts Timeouts
	// MaxHeaderBytes limits request headers on every protocol; larger
	// headers get 431 (HTTP/1.1, HTTP/2). 0: 64 KiB.
	MaxHeaderBytes int
	// HTTP2MaxStreams is the per-connection stream limit on HTTP/2.
	// 0: 250.
	HTTP2MaxStreams int
	// QUIC tunes HTTP/3.
	QUIC QUIC

	// Logger receives the server's events. nil: discard.
	Logger *slog.Logger
	// Registerer receives the server's metrics; Gatherer is served on
	// /metrics. nil: a fresh registry of the server's own.
	Registerer prometheus.Registerer
	// Gatherer is what /metrics serves. nil: Registerer if it is a
	// Gatherer, else only the server's own metrics.
	Gatherer prometheus.Gatherer

	// Now and Rand feed the local CA (validity periods, keys, serial
	// numbers). nil: time.Now and crypto/rand.
	Now  func() time.Time
	Rand io.Reader
}

// Timeouts bound the phases of a connection. Zero fields take the defaults
// shown.
type Timeouts struct {
	// ReadHeader bounds reading a request's headers (and, on TCP, the TLS
	// handshake, which net/http bounds by the smallest of ReadHeader, Read
	// and Write). Default 10s.
	ReadHeader time.Duration
	// Read bounds reading a whole request, body included. Default 60s.
	Read time.Duration
	// Write bounds writing a response. Default 120s.
	Write time.Duration
	// Idle closes keep-alive connections (TCP and QUIC) idle this long.
	// Default 120s.
	Idle time.Duration
	// Handshake bounds the QUIC handshake. Default 10s.
	Handshake time.Duration
}

// QUIC tunes the HTTP/3 listener.
type QUIC struct {
	// Disable turns HTTP/3 off: no UDP listener, no Alt-Svc.
	Disable bool
	// MaxStreams is the number of concurrent request streams a client may
	// open on one connection. Default 250.
	MaxStreams int64
	// IdleTimeout closes a QUIC connection without packets for this long.
	// Default Timeouts.Idle.
	IdleTimeout time.Duration
}

// Defaults of Options.
const (
	DefaultMaxHeaderBytes  = 64 << 10
	DefaultHTTP2MaxStreams = 250
	DefaultQUICMaxStreams  = 250
)

var defaultTimeouts = Timeouts{
	ReadHeader: 10 * time.Second,
	Read:       60 * time.Second,
	Write:      120 * time.Second,
	Idle:       120 * time.Second,
	Handshake:  10 * time.Second,
}

// ErrOptions wraps every validation error of Options.
var ErrOptions = errors.New("serve: invalid options")

func optErr(field, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrOptions, field, fmt.Sprintf(format, args...))
}

// withDefaults validates o and returns a copy with defaults filled in.
func (o Options) withDefaults() (Options, error) {
	if err := checkAddr("HTTPSAddr", o.HTTPSAddr, true); err != nil {
		return o, err
	}
	if err := checkAddr("HTTPAddr", o.HTTPAddr, false); err != nil {
		return o, err
	}
	if err := checkAddr("MetricsAddr", o.MetricsAddr, false); err != nil {
		return o, err
	}
	if o.PublicHTTPSPort < 0 || o.PublicHTTPSPort > 65535 {
		return o, optErr("PublicHTTPSPort", "%d is not a port", o.PublicHTTPSPort)
	}
	if o.Handler == nil {
		return o, optErr("Handler", "required")
	}
	if err := o.TLS.validate(o.Allow != nil); err != nil {
		return o, err
	}
	if err := o.Timeouts.fill(); err != nil {
		return o, err
	}
	if o.MaxHeaderBytes < 0 {
		return o, optErr("MaxHeaderBytes", "negative")
	} else if o.MaxHeaderBytes == 0 {
		o.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if o.HTTP2MaxStreams < 0 {
		return o, optErr("HTTP2MaxStreams", "negative")
	} else if o.HTTP2MaxStreams == 0 {
		o.HTTP2MaxStreams = DefaultHTTP2MaxStreams
	}
	if o.QUIC.MaxStreams < 0 {
		return o, optErr("QUIC.MaxStreams", "negative")
	} else if o.QUIC.MaxStreams == 0 {
		o.QUIC.MaxStreams = DefaultQUICMaxStreams
	}
	if o.QUIC.IdleTimeout < 0 {
		return o, optErr("QUIC.IdleTimeout", "negative")
	} else if o.QUIC.IdleTimeout == 0 {
		o.QUIC.IdleTimeout = o.Timeouts.Idle
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	return o, nil
}

func (t *Timeouts) fill() error {
	fields := []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{
		{"Timeouts.ReadHeader", &t.ReadHeader, defaultTimeouts.ReadHeader},
		{"Timeouts.Read", &t.Read, defaultTimeouts.Read},
		{"Timeouts.Write", &t.Write, defaultTimeouts.Write},
		{"Timeouts.Idle", &t.Idle, defaultTimeouts.Idle},
		{"Timeouts.Handshake", &t.Handshake, defaultTimeouts.Handshake},
	}
	for _, f := range fields {
		if *f.v < 0 {
			return optErr(f.name, "negative duration %v", *f.v)
		}
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	return nil
}

func checkAddr(field, addr string, required bool) error {
	if addr == "" {
		if required {
			return optErr(field, "required")
		}
		return nil
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return optErr(field, "%q: %v", addr, err)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return optErr(field, "%q: bad port %q", addr, port)
	}
	return nil
}
