package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/quic-go/quic-go/http3"
)

// Server is the edge's front door: HTTPS over TCP and QUIC on one port,
// plain HTTP, and the metrics listener. Its handler, host filter and
// certificate source can be swapped while it serves.
type Server struct {
	opts     Options // validated; the fields Reload may not change
	log      *slog.Logger
	metrics  *metrics
	gatherer prometheus.Gatherer

	handler  atomic.Pointer[http.Handler]
	allow    atomic.Pointer[func(string) bool]
	health   atomic.Pointer[func() error]
	devMode  atomic.Bool
	tls      atomic.Pointer[tlsState]
	draining atomic.Bool

	mu       sync.Mutex // serializes Start, SetTLS, Reload and Shutdown
	state    int        // idle, running, stopped
	lns      listeners
	https    *http.Server
	h3       *http3.Server
	plain    *http.Server
	metricsS *http.Server
	altSvc   []string // the Alt-Svc header advertising HTTP/3, nil without it
	addrs    Addrs
	errc     chan error
	wg       sync.WaitGroup
}

const (
	stateIdle = iota
	stateRunning
	stateStopped
)

// Addrs are the addresses the server listens on, known after Start.
type Addrs struct {
	HTTPS   string // TCP host:port
	HTTP3   string // UDP host:port (same port as HTTPS), "" if disabled
	HTTP    string // "" if no HTTP listener
	Metrics string // "" if no metrics listener
}

// ErrState is returned for a call in the wrong phase (Start twice, SetTLS
// before Start, ...).
var ErrState = errors.New("serve: wrong server state")

// New validates opts and returns a server that does not listen yet.
func New(opts Options) (*Server, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	reg, g := o.Registerer, o.Gatherer
	if reg == nil {
		r := prometheus.NewRegistry()
		reg, g = r, r
	}
	if g == nil {
		var ok bool
		if g, ok = reg.(prometheus.Gatherer); !ok {
			return nil, optErr("Gatherer", "required when Registerer is not a Gatherer")
		}
	}
	m, err := newMetrics(reg)
	if err != nil {
		return nil, fmt.Errorf("serve: metrics: %w", err)
	}
	s := &Server{opts: o, log: o.Logger.With("component", "serve"), metrics: m, gatherer: g, errc: make(chan error, 4)}
	s.apply(o)
	return s, nil
}

// apply stores the swappable parts of o.
func (s *Server) apply(o Options) {
	h := o.Handler
	s.handler.Store(&h)
	allow := o.Allow
	if allow == nil {
		allow = func(string) bool { return false }
	}
	s.allow.Store(&allow)
	health := o.Health
	s.health.Store(&health)
	s.devMode.Store(o.DevMode)
}

// Start binds every listener, prepares the certificate source and starts
// serving; it returns once all listeners listen. ctx bounds the start only
// (ACME account set-up); the server runs until Shutdown.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != stateIdle {
		return fmt.Errorf("%w: Start called twice", ErrState)
	}
	lns, err := bind(&s.opts)
	if err != nil {
		return err
	}
	st, err := newTLSState(ctx, s.opts.TLS, s.tlsEnv(lns))
	if err != nil {
		lns.close()
		return err
	}
	s.tls.Store(st)
	s.lns = lns
	s.addrs = lns.addrs()
	if v := altSvc(&s.opts, lns); v != "" {
		s.altSvc = []string{v}
	}
	s.buildServers()
	s.serve()
	s.state = stateRunning
	s.log.Info("listening", "https", s.addrs.HTTPS, "http3", s.addrs.HTTP3, "http", s.addrs.HTTP,
		"metrics", s.addrs.Metrics, "dev", s.devMode.Load())
	return nil
}

func (s *Server) tlsEnv(lns listeners) tlsEnv {
	env := tlsEnv{
		allow:   func(h string) bool { return (*s.allow.Load())(h) },
		opts:    &s.opts,
		metrics: s.metrics,
	}
	if a, ok := lns.tcp.Addr().(*net.TCPAddr); ok {
		env.httpsPort = a.Port
		if !a.IP.IsUnspecified() {
			env.host = a.IP.String()
		}
	}
	if lns.plain != nil {
		env.httpPort = lns.plain.Addr().(*net.TCPAddr).Port
	}
	return env
}

// altSvc is the Alt-Svc value advertising HTTP/3, "" without it.
func altSvc(o *Options, lns listeners) string {
	if lns.udp == nil {
		return ""
	}
	port := o.PublicHTTPSPort
	if port == 0 {
		port = lns.udp.LocalAddr().(*net.UDPAddr).Port
	}
	return `h3=":` + strconv.Itoa(port) + `"; ma=86400`
}

// serve starts one goroutine per listener.
func (s *Server) serve() {
	run := func(name string, f func() error) {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if err := f(); err != nil && !errors.Is(err, http.ErrServerClosed) && !s.draining.Load() {
				s.log.Error("listener failed", "listener", name, "error", err)
				select {
				case s.errc <- fmt.Errorf("serve: %s listener: %w", name, err):
				default:
				}
			}
		}()
	}
	run("https", func() error { return s.https.Serve(s.lns.tlsListener(s.https.TLSConfig)) })
	if s.h3 != nil {
		run("http3", func() error { return s.h3.Serve(s.lns.udp) })
	}
	if s.plain != nil {
		run("http", func() error { return s.plain.Serve(s.lns.plain) })
	}
	if s.metricsS != nil {
		run("metrics", func() error { return s.metricsS.Serve(s.lns.metrics) })
	}
}

// Addrs reports the bound addresses; zero before Start.
func (s *Server) Addrs() Addrs {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addrs
}

// Err delivers the first error of a listener that stopped on its own.
func (s *Server) Err() <-chan error { return s.errc }

// CACertPath is the local CA's root certificate (PEM), "" in other TLS
// modes or before Start.
func (s *Server) CACertPath() string {
	if st := s.tls.Load(); st != nil && st.ca != nil {
		return st.ca.certFile
	}
	return ""
}

// LeafSPKI is the base64 SHA-256 SPKI hash of the key every local-CA leaf
// certificate carries (stable across hosts and restarts), for Chromium's
// --ignore-certificate-errors-spki-list; "" in other TLS modes.
func (s *Server) LeafSPKI() string {
	if st := s.tls.Load(); st != nil {
		return st.spki
	}
	return ""
}
