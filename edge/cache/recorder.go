package cache

import (
	"net/http"
	"strconv"
	"time"
)

type mode uint8

const (
	modeUndecided mode = iota
	modeBuffer         // storable so far: keep the body
	modePass           // not storable: straight to the client
	modeStale          // upstream failed and a stale entry stands in: discard
)

// recorder is the writer a fetching request hands to the inner handler.
// It decides at WriteHeader whether the answer will be stored, buffers it
// if so (up to MaxItemBytes), and otherwise lets it through unchanged but
// for the internal headers.
type recorder struct {
	c        *Cache
	w        http.ResponseWriter
	r        *http.Request
	h        http.Header
	status   int
	mode     mode
	stale    *entry
	body     []byte
	ttl      time.Duration
	staleFor time.Duration
}

func (rec *recorder) Header() http.Header { return rec.h }

func (rec *recorder) WriteHeader(status int) {
	if rec.status != 0 || status < 200 {
		return // 1xx are not forwarded while the answer may be buffered
	}
	rec.status = status
	if rec.stale != nil && rec.h.Get(headerUpstreamFailure) == "1" {
		rec.mode = modeStale
		return
	}
	ttl, staleFor, reason := rec.c.lifetime(rec.r, status, rec.h, rec.c.opts.Now())
	cl, err := strconv.ParseInt(rec.h.Get("Content-Length"), 10, 64)
	if reason == "" && err == nil && cl > rec.c.opts.MaxItemBytes {
		reason = "size"
	}
	if reason != "" {
		rec.c.m.uncacheable.WithLabelValues(reason).Inc()
		rec.pass()
		return
	}
	rec.mode, rec.ttl, rec.staleFor = modeBuffer, ttl, staleFor
	if err == nil && cl > 0 {
		rec.body = make([]byte, 0, cl)
	}
}

// pass sends the headers on and switches to pass-through.
func (rec *recorder) pass() {
	rec.mode = modePass
	dst := rec.w.Header()
	for k, v := range rec.h {
		dst[k] = v
	}
	stripInternal(dst)
	dst["X-Cache"], dst["Cache-Status"] = xBypass, csBypass
	rec.c.m.bypass.Inc()
	rec.w.WriteHeader(rec.status)
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	switch rec.mode {
	case modeBuffer:
		if int64(len(rec.body)+len(p)) <= rec.c.opts.MaxItemBytes {
			rec.body = append(rec.body, p...)
			return len(p), nil
		}
		rec.c.m.uncacheable.WithLabelValues("size").Inc()
		rec.h.Del("Content-Length") // unknown to us; net/http will chunk or count
		rec.pass()
		if _, err := rec.w.Write(rec.body); err != nil {
			return 0, err
		}
		rec.body = nil
		return rec.w.Write(p)
	case modePass:
		return rec.w.Write(p)
	default:
		return len(p), nil
	}
}

// Flush flushes a pass-through answer; a buffered one is sent whole.
func (rec *recorder) Flush() {
	if rec.mode == modePass {
		if f, ok := rec.w.(http.Flusher); ok {
			f.Flush()
		}
	}
}

// end settles an answer the handler never wrote: net/http's empty 200.
func (rec *recorder) end() {
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
}
