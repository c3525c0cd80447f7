package edge

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/threshold-ic/threshold/edge/cache"
	"github.com/threshold-ic/threshold/edge/compress"
	"github.com/threshold-ic/threshold/edge/gateway"
	"github.com/threshold-ic/threshold/edge/limit"
	"github.com/threshold-ic/threshold/edge/resolve"
	"github.com/threshold-ic/threshold/edge/routing"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// chain is one configuration's request path: everything a reload rebuilds
// except the routing table (swapped in place) and the servers.
type chain struct {
	handler  http.Handler
	reg      *trackingRegisterer
	resolver *resolve.Resolver
	cache    *cache.Cache
	limiters []*limit.Limiter
}

// newResolver builds host resolution from the config.
func newResolver(cfg *Config) (*resolve.Resolver, error) {
	rc := resolve.Config{QueryCanisterID: !cfg.Domains.NoQueryCanisterID, Aliases: map[string]principal.Principal{}}
	for _, a := range cfg.Domains.Apex {
		rc.Apexes = append(rc.Apexes, resolve.Apex{Name: a, Raw: !cfg.Domains.NoRaw})
	}
	for name, id := range cfg.Domains.Aliases {
		p, err := principal.Parse(id)
		if err != nil {
			return nil, bad("domains.aliases."+name, "%v", err)
		}
		rc.Aliases[name] = p
	}
	if f := cfg.Domains.CustomDomainsFile; f != "" {
		fh, err := os.Open(f)
		if err != nil {
			return nil, bad("domains.custom_domains_file", "%v", err)
		}
		defer fh.Close()
		if rc.CustomDomains, err = resolve.ParseCustomDomains(fh); err != nil {
			return nil, bad("domains.custom_domains_file", "%v", err)
		}
	}
	return resolve.New(rc)
}

// newChain builds the request path for cfg over router. Order, outermost
// first (DESIGN.md, "One request, end to end"):
//
//	access log -> metrics -> per-IP limit ->
//	  /api/...: body limit -> routed IC HTTP API
//	  else:     Referer rule -> cache -> per-canister limit -> upstream concurrency cap ->
//	            compression -> body limit -> gateway (resolve, fetch, verify)
//
// The per-canister limit and the concurrency cap sit inside the cache so
// that cache hits never count against a canister nor wait for a slot.
func newChain(cfg *Config, router *routing.Router, reg *trackingRegisterer, m *metrics, log *slog.Logger) (_ *chain, err error) {
	c := &chain{reg: reg}
	defer func() {
		if err != nil {
			c.close() // what was built so far: Redis clients, metrics
		}
	}()
	if c.resolver, err = newResolver(cfg); err != nil {
		return nil, err
	}
	table := router.Table()
	if table == nil || table.RootKey() == nil {
		return nil, fmt.Errorf("edge: the network has no root key")
	}
	// The gateway checks every answer's certificate, so it skips the
	// replica's query signatures, as ic-gateway does by default: they
	// would cost a signature check per request to prove nothing more.
	ag, err := agent.New(agent.Config{URL: "http://ic.routed", RootKey: table.RootKey(),
		HTTPClient: &http.Client{Transport: router}, SkipQuerySignatures: true})
	if err != nil {
		return nil, err
	}
	gw, err := gateway.New(gateway.Options{
		Resolver: c.resolver, Agent: ag, RootKey: table.RootKey(),
		MaxRequestBody: cfg.Limits.MaxRequestBody, MaxResponseBody: cfg.Limits.MaxResponseBody,
		UpstreamTimeout: time.Duration(cfg.Timeouts.Upstream),
		Logger:          log.With("component", "gateway"), Metrics: gatewayMetrics{m},
	})
	if err != nil {
		return nil, err
	}
	reject := errorPageReject
	site := limit.Body(cfg.Limits.MaxRequestBody)(gw)
	comp, err := compress.New(compress.Options{Registerer: reg})
	if err != nil {
		return nil, err
	}
	site = comp.Middleware(site)
	conc, err := limit.NewConcurrency(limit.ConcurrencyOptions{Max: cfg.Limits.MaxUpstream, Reject: reject, Registerer: reg})
	if err != nil {
		return nil, err
	}
	site = conc.Middleware(site)
	if r := cfg.Limits.PerCanister; r.PerSecond > 0 {
		l, err := c.limiter(cfg, "canister", r, reg, log)
		if err != nil {
			return nil, err
		}
		site = limit.PerKey(l, c.canisterKey, reject)(site)
	}
	if !cfg.Cache.Off {
		stale := time.Duration(cfg.Cache.StaleIfError)
		if cfg.Cache.NoStale {
			stale = 0
		}
		c.cache, err = cache.New(cache.Options{
			MaxBytes: cfg.Cache.Size, MaxItemBytes: cfg.Cache.MaxItem, MaxTTL: time.Duration(cfg.Cache.MaxTTL),
			DefaultTTL:   time.Duration(cfg.Cache.DefaultTTL),
			StaleIfError: stale, RedisAddr: cfg.Redis.Addr, RedisTimeout: time.Duration(cfg.Redis.Timeout),
			Logger: log.With("component", "cache"), Registerer: reg,
		})
		if err != nil {
			return nil, err
		}
		site = c.cache.Middleware(site)
	}
	site = refererCanister(c.resolver, site)
	api := limit.Body(cfg.Limits.MaxRequestBody)(router.APIHandler())
	// /api/... is the IC HTTP API; every other path belongs to the
	// canister, passed on as the client wrote it (no ServeMux cleaning).
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			api.ServeHTTP(w, r)
			return
		}
		site.ServeHTTP(w, r)
	})
	if r := cfg.Limits.PerIP; r.PerSecond > 0 {
		l, err := c.limiter(cfg, "ip", r, reg, log)
		if err != nil {
			return nil, err
		}
		h = limit.PerIP(l, limit.ClientIP{}, reject)(h)
	}
	c.handler = observe(m, log.With("component", "access"), h)
	return c, nil
}

func (c *chain) limiter(cfg *Config, name string, r Rate, reg prometheus.Registerer, log *slog.Logger) (*limit.Limiter, error) {
	l, err := limit.New(limit.Options{
		Name: name, PerSecond: r.PerSecond, Burst: r.Burst, RedisAddr: cfg.Redis.Addr,
		RedisTimeout: time.Duration(cfg.Redis.Timeout), Logger: log.With("component", "limit"), Registerer: reg,
	})
	if err == nil {
		c.limiters = append(c.limiters, l)
	}
	return l, err
}

// canisterKey names the canister a request is for, for its rate limit.
func (c *chain) canisterKey(r *http.Request) (string, bool) {
	t, err := c.resolver.Resolve(r.Host, r.URL.Query())
	if err != nil {
		return "", false
	}
	return t.Canister.String(), true
}

// close releases the chain's Redis clients and goroutines.
func (c *chain) close() {
	c.reg.unregisterAll()
	if c.cache != nil {
		c.cache.Close()
	}
	for _, l := range c.limiters {
		l.Close()
	}
}

// errorPageReject answers a refused request (429 or 503) in the gateway's
// style: JSON for programs, a short page for browsers.
func errorPageReject(w http.ResponseWriter, r *http.Request, status int, retryAfter time.Duration) {
	secs := int(retryAfter.Round(time.Second) / time.Second)
	w.Header().Set("Retry-After", fmt.Sprint(max(secs, 1)))
	w.Header().Set("Cache-Control", "no-store")
	title := "Too many requests"
	if status == http.StatusServiceUnavailable {
		title = "Overloaded"
	}
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<!doctype html><meta charset=utf-8><title>%d %s</title><h1>%s</h1><p>Try again in %d s.</p>\n", status, title, title, max(secs, 1))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, "{\"status\":%d,\"error\":%q,\"retry_after\":%d}\n", status, strings.ToLower(strings.ReplaceAll(title, " ", "_")), max(secs, 1))
}
