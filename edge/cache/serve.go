package cache

import (
	"net/http"
	"strconv"
	"time"
)

// Cache status headers, shared read-only by every answer: X-Cache for
// people and Cache-Status (RFC 9211) for tools.
var (
	xHit      = []string{"HIT"}
	xMiss     = []string{"MISS"}
	xStale    = []string{"STALE"}
	xBypass   = []string{"BYPASS"}
	csHit     = []string{"threshold; hit"}
	csMiss    = []string{"threshold; fwd=uri-miss; stored"}
	csStale   = []string{"threshold; fwd=stale; detail=stale-if-error"}
	csBypass  = []string{"threshold; fwd=uri-miss"}
	smallInts [256]string
	smallAges [256][]string // Age values shared read-only, so a hit allocates none
)

func init() {
	for i := range smallInts {
		smallInts[i] = strconv.Itoa(i)
		smallAges[i] = []string{smallInts[i]}
	}
}

func ageHeader(age int64) []string {
	if age >= 0 && age < int64(len(smallAges)) {
		return smallAges[age]
	}
	return []string{strconv.FormatInt(age, 10)}
}

func itoa(n int64) string {
	if n >= 0 && n < int64(len(smallInts)) {
		return smallInts[n]
	}
	return strconv.FormatInt(n, 10)
}

// serve writes a stored answer, or 304 when r's conditions match it.
func (c *Cache) serve(w http.ResponseWriter, r *http.Request, e *entry, x, cs []string, now time.Time) {
	h := w.Header()
	if conditional(r) && notModified(r, e) {
		for _, k := range notModifiedHeaders {
			if v, ok := e.header[k]; ok {
				h[k] = v
			}
		}
		h["Age"] = ageHeader(e.ageAt(now))
		h["X-Cache"], h["Cache-Status"] = x, cs
		c.m.notModified.Inc()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	for k, v := range e.header {
		h[k] = v
	}
	h["Age"] = ageHeader(e.ageAt(now))
	h["X-Cache"], h["Cache-Status"] = x, cs
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(e.body) // the client went away: nothing to do
	}
}

// stripping passes an answer through, removing X-Edge-* headers and
// marking it as not from the cache.
type stripping struct {
	http.ResponseWriter
	x, cs []string
	sent  bool
}

func (s *stripping) WriteHeader(status int) {
	if s.sent {
		return
	}
	if status >= 200 {
		s.sent = true
		h := s.Header()
		stripInternal(h)
		if s.x != nil {
			h["X-Cache"], h["Cache-Status"] = s.x, s.cs
		}
	}
	s.ResponseWriter.WriteHeader(status)
}

func (s *stripping) Write(p []byte) (int, error) {
	if !s.sent {
		s.WriteHeader(http.StatusOK)
	}
	return s.ResponseWriter.Write(p)
}

func (s *stripping) Flush() {
	if !s.sent {
		s.WriteHeader(http.StatusOK)
	}
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *stripping) Unwrap() http.ResponseWriter { return s.ResponseWriter }
