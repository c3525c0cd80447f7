package cache

import (
	"net/http"
	"time"
)

// Middleware serves GET and HEAD from the cache and stores next's
// storable answers; see the package doc. Other methods pass through with
// the internal headers removed.
func (c *Cache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(&stripping{ResponseWriter: w}, r)
			return
		}
		if r.Header.Get("If-Match") != "" || r.Header.Get("If-Unmodified-Since") != "" {
			// Preconditions that can fail with 412 are the origin's to judge.
			c.m.bypass.Inc()
			next.ServeHTTP(&stripping{ResponseWriter: w, x: xBypass, cs: csBypass}, r)
			return
		}
		// A fresh hit is served from here, so that the frames of the miss
		// path (handle) are not on the stack while the answer is written:
		// a deeper stack makes more requests grow their goroutine's.
		now := c.opts.Now()
		base := c.baseKey(r)
		key, e := c.lookup(r, base, now)
		if e != nil && now.Before(e.fresh) {
			c.m.hit.Inc()
			c.serve(w, r, e, xHit, csHit, now)
			return
		}
		c.handle(w, r, next, base, key, e)
	})
}

// handle answers what the cache holds no fresh answer for: e is the entry
// lookup found (stale, or a Vary record), if any.
func (c *Cache) handle(w http.ResponseWriter, r *http.Request, next http.Handler, base, key string, e *entry) {
	if r.Method == http.MethodHead {
		// Only a GET fills the cache; a HEAD miss asks upstream as it is.
		c.m.miss.Inc()
		next.ServeHTTP(&stripping{ResponseWriter: w, x: xMiss, cs: csBypass}, r)
		return
	}
	fl, leader := c.flights.join(key)
	if leader {
		c.fetch(w, r, next, base, key, fl, staleCandidate(e))
		return
	}
	t := time.NewTimer(c.opts.LockTimeout)
	defer t.Stop()
	select {
	case <-fl.done:
	case <-t.C:
		c.m.waits.WithLabelValues("timeout").Inc()
		c.fetch(w, r, next, base, key, nil, staleCandidate(e))
		return
	case <-r.Context().Done():
		return
	}
	c.m.waits.WithLabelValues("shared").Inc()
	now := c.opts.Now()
	switch fl.outcome {
	case outcomeStored:
		if _, e := c.lookup(r, base, now); e != nil && now.Before(e.fresh) {
			c.m.hit.Inc()
			c.serve(w, r, e, xHit, csHit, now)
			return
		}
	case outcomeStale:
		c.m.stale.Inc()
		c.serve(w, r, fl.stale, xStale, csStale, now)
		return
	}
	// Nothing to share (not storable, another variant, leader gone):
	// fetch without the lock.
	c.fetch(w, r, next, base, key, nil, staleCandidate(e))
}

func staleCandidate(e *entry) *entry {
	if e == nil || e.isVaryRecord() {
		return nil
	}
	return e
}

// fetch asks next, stores what may be stored, releases the waiters on fl
// (if it leads) and answers the client: the fresh answer, the stale entry
// in its place, or next's answer passed through.
func (c *Cache) fetch(w http.ResponseWriter, r *http.Request, next http.Handler, base, key string, fl *call, stale *entry) {
	o, released := outcomeNone, false
	release := func() {
		if fl != nil && !released {
			released = true
			c.flights.finish(key, fl, o, stale)
		}
	}
	defer release() // also when next panics
	rec := &recorder{c: c, w: w, r: r, h: make(http.Header), stale: stale}
	next.ServeHTTP(rec, withoutConditionals(r))
	rec.end()
	now := c.opts.Now()
	switch rec.mode {
	case modeBuffer:
		e := newEntry(rec.status, rec.h, rec.body, now, rec.ttl, rec.staleFor)
		c.store(r, base, e, now)
		o = outcomeStored
		release()
		c.m.miss.Inc()
		c.serve(w, r, e, xMiss, csMiss, now)
	case modeStale:
		o = outcomeStale
		release()
		c.m.stale.Inc()
		c.opts.Logger.Info("serving stale answer: upstream failed", "component", "edge/cache",
			"host", r.Host, "path", r.URL.Path, "age_s", stale.ageAt(now), "upstream_status", rec.status)
		c.serve(w, r, stale, xStale, csStale, now)
	}
}

// conditionals are answered by the cache; upstream must send the whole
// answer so that it can be stored.
var conditionals = []string{"If-None-Match", "If-Modified-Since"}

func withoutConditionals(r *http.Request) *http.Request {
	for _, k := range conditionals {
		if _, ok := r.Header[k]; ok {
			r2 := r.Clone(r.Context())
			for _, k := range conditionals {
				delete(r2.Header, k)
			}
			return r2
		}
	}
	return r
}
