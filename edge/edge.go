package edge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/threshold-ic/threshold/edge/routing"
	"github.com/threshold-ic/threshold/edge/serve"
)

// Edge is one edge PoP: the servers, the routing table with its health
// checks, and the request chain of the current configuration.
type Edge struct {
	log    *slog.Logger
	reg    *prometheus.Registry
	m      *metrics
	router *routing.Router
	server *serve.Server

	// mu serializes Reload; requests read the chain without locking.
	mu    sync.Mutex
	cfg   *Config
	chain atomic.Pointer[chain]
	gen   int
}

// generation returns the registerer for a new request chain: each chain's
// series carry a "generation" label, so a reload's new cache and limiters
// register beside the old ones instead of colliding with them; the old
// chain's collectors are unregistered when it closes.
func (e *Edge) generation() *trackingRegisterer {
	e.gen++
	return &trackingRegisterer{Registerer: prometheus.WrapRegistererWith(prometheus.Labels{"generation": fmt.Sprint(e.gen)}, e.reg)}
}

// trackingRegisterer remembers what it registered so that it can take it
// all back.
type trackingRegisterer struct {
	prometheus.Registerer
	mu sync.Mutex
	cs []prometheus.Collector
}

// Register implements prometheus.Registerer.
func (t *trackingRegisterer) Register(c prometheus.Collector) error {
	if err := t.Registerer.Register(c); err != nil {
		return err
	}
	t.mu.Lock()
	t.cs = append(t.cs, c)
	t.mu.Unlock()
	return nil
}

// MustRegister implements prometheus.Registerer.
func (t *trackingRegisterer) MustRegister(cs ...prometheus.Collector) {
	for _, c := range cs {
		if err := t.Register(c); err != nil {
			panic(err)
		}
	}
}

// unregisterAll removes every collector registered through t.
func (t *trackingRegisterer) unregisterAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range t.cs {
		t.Registerer.Unregister(c)
	}
	t.cs = nil
}

// New builds an edge for cfg (already validated). It starts nothing.
func New(cfg *Config, log *slog.Logger) (*Edge, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Edge{log: log, reg: prometheus.NewRegistry(), cfg: cfg}
	e.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	e.m = newMetrics(e.reg)
	table, err := routing.FromNetworkFile(cfg.Network)
	if err != nil {
		return nil, bad("network", "%v", err)
	}
	ropts := routing.Options{Logger: log.With("component", "routing"), Registerer: e.reg,
		MaxBodyBytes: cfg.Limits.MaxRequestBody}
	if err := ropts.Validate(); err != nil {
		return nil, err
	}
	e.router = routing.New(ropts)
	e.router.Update(table)
	c, err := newChain(cfg, e.router, e.generation(), e.m, log)
	if err != nil {
		return nil, err
	}
	e.chain.Store(c)
	sopts, err := e.serveOptions(cfg)
	if err != nil {
		c.close()
		return nil, err
	}
	if e.server, err = serve.New(sopts); err != nil {
		c.close()
		return nil, err
	}
	return e, nil
}

// serveOptions maps the config onto the servers' options.
func (e *Edge) serveOptions(cfg *Config) (serve.Options, error) {
	o := serve.Options{
		HTTPSAddr: cfg.Listen.HTTPS, HTTPAddr: cfg.Listen.HTTP, MetricsAddr: cfg.Listen.Metrics,
		Handler: handlerSwap{e}, DevMode: cfg.Listen.Dev, Allow: e.allow,
		Health: e.health, MaxHeaderBytes: cfg.Limits.MaxHeaderBytes,
		Timeouts: serve.Timeouts{ReadHeader: time.Duration(cfg.Timeouts.ReadHeader), Read: time.Duration(cfg.Timeouts.Read),
			Write: time.Duration(cfg.Timeouts.Write), Idle: time.Duration(cfg.Timeouts.Idle)},
		Logger: e.log.With("component", "serve"), Registerer: e.reg, Gatherer: e.reg,
	}
	switch cfg.TLS.Mode {
	case "local":
		o.TLS.LocalCA = &serve.LocalCA{Dir: cfg.TLS.Dir}
	case "acme":
		a := &serve.ACME{Email: cfg.TLS.ACME.Email, CA: cfg.TLS.ACME.CA, StorageDir: cfg.TLS.Dir}
		for _, ch := range cfg.TLS.ACME.Challenges {
			a.HTTP01 = a.HTTP01 || ch == "http-01"
			a.TLSALPN01 = a.TLSALPN01 || ch == "tls-alpn-01"
		}
		if len(cfg.TLS.ACME.Challenges) == 0 {
			a.HTTP01, a.TLSALPN01 = true, true
		}
		if cfg.TLS.ACME.CARoots != "" {
			a.RootCAFiles = []string{cfg.TLS.ACME.CARoots}
		}
		o.TLS.ACME = a
	case "files":
		f := &serve.Files{}
		for _, p := range cfg.TLS.Files {
			f.Pairs = append(f.Pairs, serve.CertKeyPair{Cert: p.Cert, Key: p.Key})
		}
		o.TLS.Files = f
	}
	return o, nil
}

// handlerSwap serves with the current chain, so a reload swaps the whole
// request path at once while connections stay open.
type handlerSwap struct{ e *Edge }

func (h handlerSwap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.e.chain.Load().handler.ServeHTTP(w, r)
}

// allow decides on-demand certificates: only names that map to a canister,
// or an apex.
func (e *Edge) allow(host string) bool {
	return e.chain.Load().resolver.Names(host)
}

// health reports 503 on /health while no replica is healthy.
func (e *Edge) health() error {
	for _, s := range e.router.Status() {
		if s.Usable {
			return nil
		}
	}
	return errors.New("no healthy replica")
}

// Start runs the health checks and the servers; it returns once every
// listener listens.
func (e *Edge) Start(ctx context.Context) error {
	e.router.Start(ctx)
	e.router.CheckNow(ctx)
	return e.server.Start(ctx)
}

// Addrs are the addresses the edge listens on, after Start.
func (e *Edge) Addrs() serve.Addrs { return e.server.Addrs() }

// CACertPath is the local CA's certificate (local TLS mode), for clients
// and `threshold trust`.
func (e *Edge) CACertPath() string { return e.server.CACertPath() }

// Handler is the current request chain (tests drive it without TLS).
func (e *Edge) Handler() http.Handler { return handlerSwap{e} }

// Reload reads the config file again and swaps in the new configuration:
// a new routing table, a new request chain, new certificates. Listen
// addresses do not change on reload. On any error the old configuration
// stays.
func (e *Edge) Reload(ctx context.Context, cfg *Config) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if cfg.Listen != e.cfg.Listen {
		return fmt.Errorf("edge: listen addresses change only on restart")
	}
	table, err := routing.FromNetworkFile(cfg.Network)
	if err != nil {
		return bad("network", "%v", err)
	}
	e.router.Update(table)
	c, err := newChain(cfg, e.router, e.generation(), e.m, e.log)
	if err != nil {
		return err
	}
	sopts, err := e.serveOptions(cfg)
	if err == nil {
		err = e.server.Reload(ctx, sopts)
	}
	if err != nil {
		c.close()
		return err
	}
	old := e.chain.Swap(c)
	e.cfg = cfg
	old.close()
	e.log.Info("configuration reloaded")
	return nil
}

// Shutdown drains in-flight requests and stops everything.
func (e *Edge) Shutdown(ctx context.Context) error {
	err := e.server.Shutdown(ctx)
	e.router.Close()
	e.chain.Load().close()
	return err
}

// Err reports a server that stopped on its own.
func (e *Edge) Err() <-chan error { return e.server.Err() }

// NewLogger makes the edge's logger from the config.
func NewLogger(cfg Log) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(strings.ToUpper(cfg.Level)))
	opts := &slog.HandlerOptions{Level: lvl}
	if cfg.Format == "text" {
		return slog.New(slog.NewTextHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, opts))
}

// memoryOverhead is what the edge needs beyond its cache: connections,
// TLS and QUIC state, requests in flight, the routing table.
const memoryOverhead = 192 << 20

// SetMemoryLimit sets the Go runtime's soft memory limit to the cache size
// plus a fixed overhead, unless GOMEMLIMIT says otherwise. Without it the
// heap that holds the cache may grow to twice its live size before a
// collection, so the process would use cache size × 2 instead of cache
// size + overhead. It changes the whole process: commands call it, the
// package never does.
func SetMemoryLimit(cfg *Config) {
	if os.Getenv("GOMEMLIMIT") != "" || cfg.Cache.Off {
		return
	}
	debug.SetMemoryLimit(cfg.Cache.Size + memoryOverhead)
}
