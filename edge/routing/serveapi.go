package routing

import (
	"errors"
	"io"
	"net/http"
	"strings"
)

// ServeAPI forwards a request for the IC HTTP API (/api/...) from a client
// of the edge, an agent that uses the edge as its host, through RoundTrip
// and streams the answer back. The body is bounded by MaxBodyBytes (413),
// hop-by-hop and X-Edge-* headers are not forwarded, and routing failures
// answer with their status (StatusOf), a text/plain reason and an
// x-ic-error-cause header, as an API boundary node does.
func (r *Router) ServeAPI(w http.ResponseWriter, req *http.Request) {
	if req.Body != nil {
		req.Body = http.MaxBytesReader(w, req.Body, r.opts.MaxBodyBytes)
	}
	out := req.Clone(req.Context())
	stripHeaders(out.Header)
	resp, err := r.RoundTrip(out)
	if err != nil {
		writeError(w, err)
		return
	}
	defer resp.Body.Close()
	h := w.Header()
	for k, vs := range resp.Header {
		h[k] = vs
	}
	stripHeaders(h)
	w.WriteHeader(resp.StatusCode)
	if req.Method != http.MethodHead {
		io.Copy(w, resp.Body) // a client that went away ends the copy
	}
}

// APIHandler is ServeAPI as an http.Handler.
func (r *Router) APIHandler() http.Handler { return http.HandlerFunc(r.ServeAPI) }

// writeError answers with a routing failure.
func writeError(w http.ResponseWriter, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Kind: ErrUnreachable, Err: err}
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Ic-Error-Cause", cause(e.Kind))
	w.WriteHeader(e.HTTPStatus())
	io.WriteString(w, e.Error()+"\n")
}

// hopHeaders are meaningful for one connection only (RFC 9110 §7.6.1).
var hopHeaders = []string{
	"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
	"Te", "Trailer", "Transfer-Encoding", "Upgrade",
}

// stripHeaders removes hop-by-hop headers, those named by Connection, and
// the edge's internal X-Edge-* headers.
func stripHeaders(h http.Header) {
	for _, v := range h.Values("Connection") {
		for name := range strings.SplitSeq(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				h.Del(name)
			}
		}
	}
	for _, k := range hopHeaders {
		h.Del(k)
	}
	for k := range h {
		if strings.HasPrefix(k, "X-Edge-") {
			delete(h, k)
		}
	}
}
