package serve

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quic-go/quic-go"
	"github.com/quic-go/quic-go/http3"
	"golang.org/x/net/http/httpguts"
)

// HTTP/3 error codes (RFC 9114 §8.1).
const (
	h3NoError          quic.StreamErrorCode = 0x100
	h3InternalError    quic.StreamErrorCode = 0x102
	h3RequestCancelled quic.StreamErrorCode = 0x10c
)

// h3BufferLimit is how much body an HTTP/3 response buffers before its
// header is sent. A response that fits (every cached page up to this size)
// goes onto the stream whole, in one call that does not wait for the
// packet sender, with its Content-Length and the stream's FIN.
const h3BufferLimit = 32 << 10

// h3Buffers recycles the buffers responses are assembled in.
var h3Buffers = sync.Pool{New: func() any { b := make([]byte, 0, h3BufferLimit+4<<10); return &b }}

// h3Response is the http.ResponseWriter of an HTTP/3 request. quic-go's
// http3 server hands the request stream over (http3.HTTPStreamer) before
// the handler writes anything, and h3Response writes the HEADERS and DATA
// frames itself: field sections from the edge's own QPACK encoder (see
// qpack.go) and, for a response that fits h3BufferLimit, everything in one
// non-blocking write followed by the FIN, where quic-go's writer makes one
// blocking write per frame. It keeps net/http's semantics: Date, sniffed
// Content-Type, Content-Length for buffered responses, 1xx, HEAD, bodies
// refused for 204 and 304, declared trailers, Flush and deadlines.
type h3Response struct {
	str  *http3.Stream // the request stream: deadlines and the read side (quic-go tracks its state)
	qs   *quic.Stream  // the same stream, written without DATA framing
	head bool

	header   http.Header
	status   int   // the final status, 0 until chosen
	sent     bool  // the HEADERS frame with the final status is on the stream
	clen     int64 // declared Content-Length, -1 if none
	written  int64 // body bytes accepted
	body     *[]byte
	err      error           // the first write error; finish resets the stream
	trailers map[string]bool // the declared trailers, left out of the header
}

// newH3Response takes the request stream over from quic-go's writer; it
// returns nil when w is not quic-go's (then the caller keeps w).
func newH3Response(w http.ResponseWriter, r *http.Request) *h3Response {
	hs, ok := w.(http3.HTTPStreamer)
	if !ok {
		return nil
	}
	header := w.Header() // quic-go's map: it never sends it once the stream is taken over
	str, err := hs.HTTPStream()
	if err != nil {
		return nil
	}
	return &h3Response{str: str, qs: str.QUICStream(), head: r.Method == http.MethodHead, header: header, clen: -1}
}

func (w *h3Response) Header() http.Header { return w.header }

// WriteHeader chooses the status; 1xx headers go out at once (except 101,
// which HTTP/3 does not have, RFC 9114 §4.5). Like net/http it panics on a
// code outside 100–999.
func (w *h3Response) WriteHeader(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	if w.status != 0 {
		return
	}
	if code < 200 {
		if code != http.StatusSwitchingProtocols && w.err == nil {
			// As net/http: the fields set so far (Link for 103), not the
			// final answer's Content-Length.
			buf := appendHeadersFrame(nil, code, w.header, informationalSkip)
			_, w.err = w.qs.Write(buf)
		}
		return
	}
	w.status = code
	if cl := w.header.Get("Content-Length"); cl != "" {
		if n, err := strconv.ParseUint(cl, 10, 63); err == nil {
			w.clen = int64(n)
		} else {
			w.header.Del("Content-Length") // net/http drops a malformed one too
		}
	}
}

func (w *h3Response) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !bodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	if w.clen >= 0 && w.written+int64(len(p)) > w.clen {
		return 0, http.ErrContentLength
	}
	if w.err != nil {
		return 0, w.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if !w.sent && w.written == 0 {
		w.sniffType(p)
	}
	if w.head {
		w.written += int64(len(p))
		return len(p), nil
	}
	if w.body == nil {
		w.body = h3Buffers.Get().(*[]byte)
	}
	if !w.sent && len(*w.body)+len(p) <= h3BufferLimit {
		*w.body = append(*w.body, p...)
		w.written += int64(len(p))
		return len(p), nil
	}
	// Too much to buffer, or the header is out already (a streamed body):
	// send what is buffered, then p in a DATA frame of its own. A write
	// this large waits for the stream, as it should.
	if err := w.flush(false); err != nil {
		return 0, err
	}
	if len(p) <= h3BufferLimit { // one write for the frame header and p
		b := append(appendFrameHeader((*w.body)[:0], frameData, len(p)), p...)
		_, err := w.qs.Write(b)
		*w.body = b[:0]
		if err != nil {
			w.err = err
			return 0, err
		}
		w.written += int64(len(p))
		return len(p), nil
	}
	var hdr [16]byte
	if _, err := w.qs.Write(appendFrameHeader(hdr[:0], frameData, len(p))); err != nil {
		w.err = err
		return 0, err
	}
	n, err := w.qs.Write(p)
	w.written += int64(n)
	if err != nil {
		w.err = err
	}
	return n, err
}

// Flush sends the header and what is buffered.
func (w *h3Response) Flush() { _ = w.FlushError() }

// FlushError is Flush with its error, for http.ResponseController.
func (w *h3Response) FlushError() error {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.flush(false)
}

func (w *h3Response) SetReadDeadline(t time.Time) error  { return w.str.SetReadDeadline(t) }
func (w *h3Response) SetWriteDeadline(t time.Time) error { return w.str.SetWriteDeadline(t) }

// flush writes the HEADERS frame if it is not out yet and the buffered body
// as one DATA frame; last adds the trailers and closes the stream, without
// waiting for the packet sender when the stream can take it all at once.
func (w *h3Response) flush(last bool) error {
	if w.err != nil {
		return w.err
	}
	var buffered []byte
	if w.body != nil {
		buffered = *w.body
	}
	out := h3Buffers.Get().(*[]byte)
	defer h3Buffers.Put(out)
	b := (*out)[:0]
	if !w.sent {
		w.prepareHeader()
		w.sent = true
		b = appendHeadersFrame(b, w.status, w.header, w.trailers)
	}
	if len(buffered) > 0 {
		b = appendFrameHeader(b, frameData, len(buffered))
		b = append(b, buffered...)
		*w.body = buffered[:0]
	}
	if last {
		b = w.appendTrailers(b)
	}
	switch {
	case len(b) == 0:
	case last && w.qs.TryWriteAll(b) == nil:
	default:
		if _, err := w.qs.Write(b); err != nil {
			w.err = err
		}
	}
	if cap(b) <= 1<<20 { // a huge header block is not kept
		*out = b[:0]
	}
	if last && w.err == nil {
		w.err = w.qs.Close()
	}
	return w.err
}

// finish completes the response after the handler returned: a 200 if no
// status was chosen, the Content-Length of a buffered body, the FIN. A
// response that cannot be complete (a write failed, or fewer bytes than
// the declared Content-Length) is reset instead, so that no client takes
// it for whole. The rest of the request body is not read (H3_NO_ERROR,
// RFC 9114 §4.1.2).
func (w *h3Response) finish() {
	defer w.release()
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !w.sent && w.clen < 0 && bodyAllowed(w.status) && (!w.head || w.written > 0) {
		w.header["Content-Length"] = []string{strconv.FormatInt(w.written, 10)}
		w.clen = w.written
	}
	if w.clen >= 0 && w.written < w.clen && !w.head && bodyAllowed(w.status) {
		w.err = errShortBody
	}
	if w.flush(true) != nil {
		w.reset(h3RequestCancelled)
		return
	}
	w.str.CancelRead(h3NoError)
}

// abort resets both directions of the stream after a panic.
func (w *h3Response) abort() {
	w.reset(h3InternalError)
	w.release()
}

func (w *h3Response) reset(code quic.StreamErrorCode) {
	w.str.CancelWrite(code)
	w.str.CancelRead(code)
}

func (w *h3Response) release() {
	if w.body != nil {
		*w.body = (*w.body)[:0]
		h3Buffers.Put(w.body)
		w.body = nil
	}
}

// informationalSkip are the fields a 1xx leaves out.
var informationalSkip = map[string]bool{"Content-Length": true}

var errShortBody = errors.New("serve: the handler wrote less than its Content-Length")

// sniffType sets a Content-Type from the first bytes of the body when the
// handler set none (nor a nil one, which means none) and no
// Content-Encoding, as net/http does; for HEAD too, whose header is the
// one GET would have (RFC 9110 §9.3.2).
func (w *h3Response) sniffType(first []byte) {
	if _, ok := w.header["Content-Type"]; ok || w.header.Get("Content-Encoding") != "" {
		return
	}
	w.header["Content-Type"] = []string{http.DetectContentType(first)}
}

// prepareHeader adds a Date unless the handler set one (or a nil one,
// meaning none), and notes the trailers announced in the Trailer header
// (only names that may be trailers: not Content-Length and the like, which
// a client refuses there).
func (w *h3Response) prepareHeader() {
	if _, ok := w.header["Date"]; !ok {
		w.header["Date"] = []string{httpDate()}
	}
	for _, v := range w.header["Trailer"] {
		for name := range strings.SplitSeq(v, ",") {
			if name = strings.TrimSpace(name); name != "" && httpguts.ValidTrailerHeader(name) {
				if w.trailers == nil {
					w.trailers = map[string]bool{}
				}
				w.trailers[http.CanonicalHeaderKey(name)] = true // sent after the body, not in the header
			}
		}
	}
}

// appendTrailers appends a HEADERS frame with the trailers the handler set:
// the declared ones and those under net/http's "Trailer:" prefix.
func (w *h3Response) appendTrailers(b []byte) []byte {
	var t http.Header
	for k := range w.trailers {
		if vs := w.header[k]; len(vs) > 0 {
			if t == nil {
				t = http.Header{}
			}
			t[k] = vs
		}
	}
	for k, vs := range w.header {
		if name, ok := strings.CutPrefix(k, http.TrailerPrefix); ok && len(vs) > 0 {
			if t == nil {
				t = http.Header{}
			}
			t[http.CanonicalHeaderKey(name)] = vs
		}
	}
	if t == nil {
		return b
	}
	return appendHeadersFrame(b, 0, t, nil) // status 0: a trailer section
}

// bodyAllowed reports whether a status may have a body (RFC 9110 §6.4.1).
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// httpDate is the current time as an HTTP date, formatted once per second.
func httpDate() string {
	now := time.Now()
	if d := dateCache.Load(); d != nil && d.unix == now.Unix() {
		return d.text
	}
	d := &cachedDate{unix: now.Unix(), text: now.UTC().Format(http.TimeFormat)}
	dateCache.Store(d)
	return d.text
}

type cachedDate struct {
	unix int64
	text string
}

var dateCache atomic.Pointer[cachedDate]
