package limit

import "net/http"

// Body bounds request bodies to max bytes: a declared Content-Length over
// it gets 413 at once, and a body that grows past it fails the handler's
// read (http.MaxBytesReader, which also closes the connection). Use it in
// front of the gateway and /api forwarding; max <= 0 disables it.
func Body(max int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if max <= 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > max {
				w.Header().Set("Connection", "close")
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = http.MaxBytesReader(w, r.Body, max)
			}
			next.ServeHTTP(w, r)
		})
	}
}
