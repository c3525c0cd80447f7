package cache

import (
	"github.com/threshold-ic/threshold/edge/internal/redisfail"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The internal headers of the gateway contract (see the edge package doc).
const (
	headerCacheable       = "X-Edge-Cacheable"
	headerUpstreamFailure = "X-Edge-Upstream-Failure"
)

// Cache is an HTTP cache middleware with its stores. It is safe for
// concurrent use; Close stops its Redis prober.
type Cache struct {
	opts    Options
	mem     *memory
	redis   *redisTier // nil without Redis
	ownsRed bool
	flights flights
	m       *metrics
}

// New returns a Cache, or an error wrapping [ErrOptions] or naming the
// metric that could not be registered.
func New(opts Options) (*Cache, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	c := &Cache{opts: opts, flights: flights{calls: make(map[string]*call)}}
	c.mem = newMemory(opts.MaxBytes, opts.MaxItemBytes, func() { c.m.evictions.Inc() })
	c.m = newMetrics(c.mem)
	if err := c.m.register(opts.Registerer); err != nil {
		return nil, err
	}
	client := opts.Redis
	if client == nil && opts.RedisAddr != "" {
		client, c.ownsRed = redisfail.NewClient(opts.RedisAddr, opts.RedisTimeout), true
	}
	if client != nil {
		c.redis = &redisTier{prefix: opts.RedisPrefix, health: redisfail.NewHealth(client, opts.RedisTimeout, opts.RedisProbe,
			opts.Logger.With("component", "edge/cache"), c.m.redisUp, c.m.redisErrors)}
	}
	return c, nil
}

// Close stops the Redis prober and closes a client the cache built.
func (c *Cache) Close() error {
	if c.redis == nil {
		return nil
	}
	c.redis.health.Close()
	if c.ownsRed {
		return c.redis.health.Client().Close()
	}
	return nil
}

// RedisUp reports whether the Redis tier is in use (false without one).
func (c *Cache) RedisUp() bool { return c.redis != nil && c.redis.health.Up() }

// get looks in memory, then in Redis, copying a Redis hit into memory.
func (c *Cache) get(key string, now time.Time) *entry {
	if e := c.mem.get(key, now); e != nil {
		return e
	}
	if c.redis == nil {
		return nil
	}
	e := c.redis.get(key, now)
	if e != nil {
		c.mem.set(key, e, now)
	}
	return e
}

func (c *Cache) set(key string, e *entry, now time.Time) {
	c.mem.set(key, e, now)
	if c.redis != nil {
		c.redis.set(key, e, now)
	}
}

// lookup follows a vary record to the variant. key is where the answer
// for r is or would be stored.
func (c *Cache) lookup(r *http.Request, base string, now time.Time) (key string, e *entry) {
	e = c.get(base, now)
	if e != nil && e.isVaryRecord() {
		key = varyKey(base, e.vary, r)
		return key, c.get(key, now)
	}
	return base, e
}

// store saves an answer for r, with a vary record when it varies.
func (c *Cache) store(r *http.Request, base string, e *entry, now time.Time) {
	names := varyNames(e.header)
	if len(names) == 0 {
		c.set(base, e, now)
		return
	}
	c.set(base, &entry{status: e.status, vary: names, stored: e.stored, fresh: e.fresh, stale: e.stale}, now)
	c.set(varyKey(base, names, r), e, now)
}

// hopByHop and per-response fields never stored.
var unstored = []string{"Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "Trailer", "Te", "Date", "Age"}

// newEntry takes ownership of h and body.
func newEntry(status int, h http.Header, body []byte, now time.Time, ttl, staleFor time.Duration) *entry {
	stripInternal(h)
	for _, k := range unstored {
		delete(h, k)
	}
	for k, v := range h {
		h[k] = slices.Clip(v) // an Add by a later handler copies instead of writing into the entry
	}
	if status != http.StatusNoContent {
		h["Content-Length"] = []string{itoa(int64(len(body)))}
	}
	return &entry{status: status, header: h, body: slices.Clip(body), stored: now, fresh: now.Add(ttl), stale: now.Add(ttl + staleFor)}
}

// stripInternal removes every X-Edge-* header.
func stripInternal(h http.Header) {
	for k := range h {
		if len(k) >= 7 && strings.EqualFold(k[:7], "X-Edge-") {
			delete(h, k)
		}
	}
}
