package edge

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// discard is a ResponseWriter that keeps headers and drops the body, so a
// benchmark measures the edge's handler chain and not a recorder's buffer.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkCachedPage is the edge's own cost of a cache hit: the whole
// request chain (access log, metrics, per-IP limit, cache) for a verified
// page already in the cache, without TLS or HTTP/2 framing.
func BenchmarkCachedPage(b *testing.B) {
	te := startTestEdgeB(b)
	h := te.e.Handler()
	req := httptest.NewRequest("GET", "https://"+te.canister.String()+".localhost/about", nil)
	w := &discard{h: http.Header{}}
	h.ServeHTTP(w, req) // fill the cache
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w.h = http.Header{}
		h.ServeHTTP(w, req)
	}
	if w.h.Get("X-Cache") != "HIT" {
		b.Fatalf("X-Cache %q", w.h.Get("X-Cache"))
	}
}
