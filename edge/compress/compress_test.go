package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/prometheus/client_golang/prometheus"
)

var page = strings.Repeat("<p>Threshold serves this page from a canister.</p>\n", 100)

type answer struct {
	status  int
	headers map[string]string
	body    string
	flush   bool
}

func (a answer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for k, v := range a.headers {
		w.Header().Set(k, v)
	}
	status := a.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	if a.flush {
		half := len(a.body) / 2
		_, _ = io.WriteString(w, a.body[:half])
		w.(http.Flusher).Flush()
		_, _ = io.WriteString(w, a.body[half:])
		return
	}
	_, _ = io.WriteString(w, a.body)
}

func newCompressor(t testing.TB) *Compressor {
	t.Helper()
	c, err := New(Options{Registerer: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func decode(t *testing.T, ce string, b []byte) string {
	t.Helper()
	var r io.Reader
	switch ce {
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	default:
		return string(b)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", ce, err)
	}
	return string(out)
}

func TestMiddleware(t *testing.T) {
	html := map[string]string{"Content-Type": "text/html; charset=utf-8"}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{"Content-Type": "text/html"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name     string
		method   string
		accept   string
		answer   answer
		encoding string // expected Content-Encoding
		vary     bool
	}{
		{"brotli preferred", "GET", "gzip, deflate, br", answer{headers: html, body: page}, "br", true},
		{"gzip by q", "GET", "br;q=0.1, gzip", answer{headers: html, body: page}, "gzip", true},
		{"not accepted", "GET", "", answer{headers: html, body: page}, "", true},
		{"identity only", "GET", "identity", answer{headers: html, body: page}, "", true},
		{"json", "GET", "gzip", answer{headers: map[string]string{"Content-Type": "application/json"}, body: page}, "gzip", true},
		{"wasm", "GET", "br", answer{headers: map[string]string{"Content-Type": "application/wasm"}, body: page}, "br", true},
		{"svg", "GET", "br", answer{headers: map[string]string{"Content-Type": "image/svg+xml"}, body: page}, "br", true},
		{"png untouched, no vary", "GET", "br", answer{headers: map[string]string{"Content-Type": "image/png"}, body: page}, "", false},
		{"already encoded", "GET", "br, gzip", answer{headers: with(map[string]string{"Content-Encoding": "gzip"}), body: page}, "gzip", true},
		{"small body", "GET", "br", answer{headers: html, body: "<p>hi</p>"}, "", true},
		{"small by content-length", "GET", "br", answer{headers: with(map[string]string{"Content-Length": "9"}), body: "<p>hi</p>"}, "", true},
		{"large by content-length", "GET", "br", answer{headers: with(map[string]string{"Content-Length": strconv.Itoa(len(page))}), body: page}, "br", true},
		{"partial content", "GET", "br", answer{status: 206, headers: with(map[string]string{"Content-Range": "bytes 0-99/5000"}), body: page}, "", true},
		{"no-transform", "GET", "br", answer{headers: with(map[string]string{"Cache-Control": "public, no-transform"}), body: page}, "", true},
		{"not found page", "GET", "gzip", answer{status: 404, headers: html, body: page}, "gzip", true},
		{"streamed", "GET", "gzip", answer{headers: html, body: page, flush: true}, "gzip", true},
		{"head by content-length", "HEAD", "br", answer{headers: with(map[string]string{"Content-Length": strconv.Itoa(len(page))})}, "br", true},
	}
	c := newCompressor(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/", nil)
			if tt.accept != "" {
				r.Header.Set("Accept-Encoding", tt.accept)
			}
			w := httptest.NewRecorder()
			c.Middleware(tt.answer).ServeHTTP(w, r)
			res := w.Result()
			if got := res.Header.Get("Content-Encoding"); got != tt.encoding {
				t.Fatalf("Content-Encoding = %q, want %q", got, tt.encoding)
			}
			if got := strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Encoding"); got != tt.vary {
				t.Fatalf("Vary has Accept-Encoding = %v, want %v", got, tt.vary)
			}
			if tt.method == "HEAD" {
				if w.Body.Len() != 0 || res.Header.Get("Content-Length") != "" {
					t.Fatalf("HEAD: body %d bytes, Content-Length %q", w.Body.Len(), res.Header.Get("Content-Length"))
				}
				return
			}
			if tt.answer.headers["Content-Encoding"] == "" {
				if got := decode(t, tt.encoding, w.Body.Bytes()); got != tt.answer.body {
					t.Fatalf("decoded body differs: %d bytes, want %d", len(got), len(tt.answer.body))
				}
			}
			if tt.encoding != "" && tt.answer.headers["Content-Encoding"] == "" && res.Header.Get("Content-Length") != "" {
				t.Fatal("a compressed answer must not keep the original Content-Length")
			}
		})
	}
}

// RFC 9110 section 8.8.3: a transformed representation's strong validator
// becomes weak; a weak one stays as it is.
func TestETagWeakened(t *testing.T) {
	c := newCompressor(t)
	for etag, want := range map[string]string{`"abc"`: `W/"abc"`, `W/"abc"`: `W/"abc"`} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		c.Middleware(answer{headers: map[string]string{"Content-Type": "text/css", "ETag": etag, "Accept-Ranges": "bytes"}, body: page}).ServeHTTP(w, r)
		if got := w.Header().Get("ETag"); got != want {
			t.Errorf("ETag %s became %s, want %s", etag, got, want)
		}
		if w.Header().Get("Accept-Ranges") != "" {
			t.Error("Accept-Ranges must go: ranges of the encoded body are not offered")
		}
	}
	r := httptest.NewRequest("GET", "/", nil)
	w := httptest.NewRecorder()
	c.Middleware(answer{headers: map[string]string{"Content-Type": "text/css", "ETag": `"abc"`}, body: page}).ServeHTTP(w, r)
	if w.Header().Get("ETag") != `"abc"` {
		t.Error("an uncompressed answer keeps its strong ETag")
	}
}

func TestVaryNotDuplicated(t *testing.T) {
	c := newCompressor(t)
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	c.Middleware(answer{headers: map[string]string{"Content-Type": "text/css", "Vary": "Origin, accept-encoding"}, body: page}).ServeHTTP(w, r)
	if v := w.Header().Values("Vary"); len(v) != 1 {
		t.Fatalf("Vary = %q", v)
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []Options{{MinSize: -1}, {BrotliQuality: 12}, {GzipLevel: 10}} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) accepted", o)
		}
	}
}

func TestHammer(t *testing.T) {
	c := newCompressor(t)
	h := c.Middleware(answer{headers: map[string]string{"Content-Type": "text/html"}, body: page})
	done := make(chan struct{})
	for i := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			enc := []string{"br", "gzip"}[i%2]
			for range 50 {
				r := httptest.NewRequest("GET", "/", nil)
				r.Header.Set("Accept-Encoding", enc)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if got := decode(t, enc, w.Body.Bytes()); got != page {
					t.Error("pooled encoder produced a wrong body")
					return
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
}

func BenchmarkCompress4KiB(b *testing.B) {
	body := page[:4096]
	for _, enc := range []string{"br", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			c := newCompressor(b)
			h := c.Middleware(answer{headers: map[string]string{"Content-Type": "text/html"}, body: body})
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("Accept-Encoding", enc)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
}
