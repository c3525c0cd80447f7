package compress

import (
	"io"
	"net/http"
	"strconv"
	"strings"
)

// writer decides at WriteHeader whether the answer is eligible, holds back
// up to MinSize bytes when the length is unknown, then either passes
// through or encodes.
type writer struct {
	rw     http.ResponseWriter
	c      *Compressor
	accept Accept
	head   bool

	status  int  // 0 until WriteHeader
	pending bool // eligible, waiting for MinSize bytes or the end
	sent    bool // header sent to rw
	buf     []byte
	enc     io.WriteCloser
	counted countWriter
}

func (w *writer) Header() http.Header { return w.rw.Header() }

// Unwrap lets http.ResponseController reach the connection.
func (w *writer) Unwrap() http.ResponseWriter { return w.rw }

func (w *writer) WriteHeader(status int) {
	if w.status != 0 {
		return
	}
	if status < 200 && status != 0 {
		w.rw.WriteHeader(status) // 1xx: informational, pass on, keep waiting
		return
	}
	w.status = status
	h := w.rw.Header()
	if !Compressible(h.Get("Content-Type")) {
		w.send()
		return
	}
	addVary(h)
	if !w.eligible(h) {
		w.c.answers.WithLabelValues("none").Inc()
		w.send()
		return
	}
	if cl, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64); err == nil {
		if cl < int64(w.c.opts.MinSize) {
			w.c.answers.WithLabelValues("none").Inc()
			w.send()
			return
		}
		w.start()
		return
	}
	if w.head {
		w.start()
		return
	}
	w.pending = true
}

// eligible applies the rules that depend on the status and the headers.
func (w *writer) eligible(h http.Header) bool {
	switch {
	case w.accept.Prefer == 0,
		w.status == http.StatusNoContent, w.status == http.StatusPartialContent,
		w.status == http.StatusNotModified,
		h.Get("Content-Range") != "",
		h.Get("Content-Encoding") != "" && !strings.EqualFold(h.Get("Content-Encoding"), "identity"),
		hasToken(h.Values("Cache-Control"), "no-transform"):
		return false
	}
	return true
}

// start rewrites the headers for the encoded body and sends them.
func (w *writer) start() {
	h := w.rw.Header()
	name := w.accept.Prefer.Name()
	h.Set("Content-Encoding", name)
	h.Del("Content-Length")
	h.Del("Accept-Ranges")
	if et := h.Get("Etag"); et != "" && !strings.HasPrefix(et, "W/") {
		h.Set("Etag", "W/"+et)
	}
	w.c.answers.WithLabelValues(name).Inc()
	w.send()
	if !w.head {
		w.counted = countWriter{w: w.rw}
		w.enc = w.c.encoder(w.accept.Prefer, &w.counted)
	}
}

func (w *writer) send() {
	w.sent = true
	w.rw.WriteHeader(w.status)
}

func (w *writer) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	switch {
	case w.pending:
		w.buf = append(w.buf, p...)
		if len(w.buf) >= w.c.opts.MinSize {
			w.decide(true)
		}
		return len(p), nil
	case w.enc != nil:
		w.c.bytesIn.Add(float64(len(p)))
		return w.enc.Write(p)
	case w.head && w.sent:
		return len(p), nil
	default:
		return w.rw.Write(p)
	}
}

// decide ends the pending state: compress when big enough, then write out
// what was held back.
func (w *writer) decide(big bool) {
	w.pending = false
	if big {
		w.start()
	} else {
		w.c.answers.WithLabelValues("none").Inc()
		w.send()
	}
	buf := w.buf
	w.buf = nil
	if len(buf) > 0 {
		_, _ = w.Write(buf) // an error here shows again on the next write
	}
}

// Flush sends what is buffered: a streamed answer stays streamed.
func (w *writer) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.pending {
		w.decide(true)
	}
	if f, ok := w.enc.(interface{ Flush() error }); ok {
		_ = f.Flush()
	}
	if f, ok := w.rw.(http.Flusher); ok {
		f.Flush()
	}
}

// finish runs after the handler returns.
func (w *writer) finish() {
	if w.status == 0 {
		return // nothing written: net/http sends its own empty 200
	}
	if w.pending {
		w.decide(len(w.buf) >= w.c.opts.MinSize)
	}
	if w.enc != nil {
		_ = w.enc.Close()
		w.c.bytesOut.Add(float64(w.counted.n))
		w.c.release(w.enc)
		w.enc = nil
	}
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
