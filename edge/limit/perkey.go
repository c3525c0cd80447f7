package limit

import (
	"net/http"
)

// PerKey limits requests by the key that key returns, e.g. the canister a
// request is for; requests without a key (ok false) pass. reject may be
// nil for [DefaultReject]; it answers 429.
func PerKey(l *Limiter, key func(*http.Request) (string, bool), reject Reject) func(http.Handler) http.Handler {
	if reject == nil {
		reject = DefaultReject
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if k, ok := key(r); ok {
				if pass, wait := l.Allow(k); !pass {
					reject(w, r, http.StatusTooManyRequests, wait)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// PerIP limits requests by client address (see [ClientIP]).
func PerIP(l *Limiter, ip ClientIP, reject Reject) func(http.Handler) http.Handler {
	return PerKey(l, ip.Key, reject)
}
