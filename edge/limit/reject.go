package limit

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Reject writes a refusal: status (429 or 503) with Retry-After. The edge
// may pass its own to render its error pages.
type Reject func(w http.ResponseWriter, r *http.Request, status int, retryAfter time.Duration)

// retryAfterSeconds rounds up to whole seconds, at least 1 (RFC 9110
// section 10.2.3 allows only whole seconds).
func retryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// DefaultReject writes a small JSON body, or HTML when the client asks for
// it, with Retry-After and Cache-Control: no-store.
func DefaultReject(w http.ResponseWriter, r *http.Request, status int, retryAfter time.Duration) {
	secs := retryAfterSeconds(retryAfter)
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(secs))
	h.Set("Cache-Control", "no-store")
	what := "too many requests"
	if status == http.StatusServiceUnavailable {
		what = "the edge is busy"
	}
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<!doctype html><title>%d</title><h1>%s</h1><p>Please retry in %d s.</p>\n", status, what, secs)
		return
	}
	h.Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, "{\"status\":%d,\"error\":%q,\"retry_after\":%d}\n", status, what, secs)
}
