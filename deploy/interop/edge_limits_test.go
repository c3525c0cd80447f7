package interop

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// TestEdgeRateLimits sends a burst of 20 requests, faster than the limit
// refills, to `threshold edge` with a per-IP limit and then with a
// per-canister limit of 5 per second and a burst of 5: the first five pass,
// most of the rest get 429 with a Retry-After of at least a second, in the
// gateway's JSON (or, for browsers, HTML) form. Over the per-canister limit
// each request asks for a new URL: cache hits never count against it.
func TestEdgeRateLimits(t *testing.T) {
	n := startEdgeNet(t)
	rate := map[string]any{"per_second": 5, "burst": 5}
	for _, tc := range []struct {
		name   string
		limits map[string]any
	}{
		{"per client IP", map[string]any{"per_ip": rate}},
		{"per canister", map[string]any{"per_canister": rate}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := startEdgeProc(t, edgeConfig(n, t.TempDir(), map[string]any{"limits": tc.limits}))
			c := edgeClient(t, false, e.ca)
			var ok, limited int
			for i := range 20 {
				accept := "application/json"
				if i%2 == 1 {
					accept = "text/html"
				}
				a := mustGet(t, c, e.url(n.host(), fmt.Sprintf("/about?n=%d", i)), "Accept", accept)
				switch a.status {
				case 200:
					ok++
				case 429:
					limited++
					if s, err := strconv.Atoi(a.header.Get("Retry-After")); err != nil || s < 1 {
						t.Errorf("429 with Retry-After %q", a.header.Get("Retry-After"))
					}
					if accept == "text/html" && !strings.Contains(a.body, "<title>429") {
						t.Errorf("429 for a browser: %.100q", a.body)
					}
					if accept != "text/html" && !strings.Contains(a.body, `"status":429`) {
						t.Errorf("429 for a program: %.100q", a.body)
					}
					noEdgeHeaders(t, "429", a.header)
				default:
					t.Errorf("request %d: status %d %.100q", i, a.status, a.body)
				}
			}
			// 20 requests take well under a second: at most a few
			// tokens refill beyond the burst.
			if ok < 5 || limited < 10 {
				t.Errorf("%d passed and %d were limited, want at least 5 and 10", ok, limited)
			}
		})
	}
}
