package edge

import (
	"net/http"

	"github.com/threshold-ic/threshold/edge/resolve"
)

// refererCanister applies the resolver's Referer rule (resolve.RefererQuery)
// in front of the cache: a path-only load from a page served at
// <apex>/?canisterId=<id> gets canisterId=<id> added to its query, so that
// the cache key, the per-canister limit and the gateway all see the
// canister the page named, exactly as if the browser had written it. Such
// an answer depends on the Referer, and says so to the browser's cache
// with Vary.
func refererCanister(res *resolve.Resolver, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ref := r.Header["Referer"]; len(ref) > 0 {
			w, r = applyReferer(res, w, r, ref[0])
		}
		next.ServeHTTP(w, r)
	})
}

// applyReferer is the rule's work, in a frame of its own so that requests
// without a Referer (and cache hits below) run on a shallower stack.
func applyReferer(res *resolve.Resolver, w http.ResponseWriter, r *http.Request, ref string) (http.ResponseWriter, *http.Request) {
	q, ok := res.RefererQuery(r.Host, r.URL.RawQuery, ref)
	if !ok {
		return w, r
	}
	r = r.WithContext(r.Context()) // a shallow copy to change
	u := *r.URL
	u.RawQuery = q
	r.URL = &u
	r.RequestURI = u.RequestURI()
	return &varyReferer{ResponseWriter: w}, r
}

// varyReferer adds Referer to the answer's Vary header when the header is
// written, after whatever set Vary before (the cache copies an entry's).
type varyReferer struct {
	http.ResponseWriter
	done bool
}

func (w *varyReferer) WriteHeader(code int) {
	if !w.done && code >= 200 {
		w.done = true
		w.Header().Add("Vary", "Referer")
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *varyReferer) Write(b []byte) (int, error) {
	if !w.done {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Flush passes a flush on, with the header first.
func (w *varyReferer) Flush() {
	if !w.done {
		w.WriteHeader(http.StatusOK)
	}
	http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *varyReferer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
