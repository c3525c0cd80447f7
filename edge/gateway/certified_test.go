package gateway

import (
	"strings"
	"testing"
)

// TestCertifiedCanister runs the gateway against the real replica with the
// Motoko canister that certifies its pages with v2 (certified_http.mo):
// every page passes verification on the verified name, the streamed large
// page included, and the uncertified-looking update answer is served from
// the update call.
func TestCertifiedCanister(t *testing.T) {
	rep := startReplica(t)
	id := rep.install(t, "certified_http")
	h, ev := newGateway(t, rep.url, rep.rootKey)
	host := id.String() + ".localhost"
	for _, tc := range []struct {
		path   string
		status int
		body   string
		how    string
	}{
		{"/", 200, "Hello from a certified canister", "v2"},
		{"/index.html", 200, "Hello from a certified canister", "v2"},
		{"/about", 200, "", "v2"},
		{"/data.json", 200, `"hits"`, "v2"},
		{"/large.html", 200, "", "v2"},
		{"/no/such/page", 404, "", "v2"},
	} {
		r := get(h, "GET", host, tc.path, "Accept-Encoding", "gzip")
		if r.Code != tc.status || !strings.Contains(r.body, tc.body) {
			t.Errorf("%s: %d %.200q", tc.path, r.Code, r.body)
			continue
		}
		if e := ev.last(t); e.Verification != tc.how {
			t.Errorf("%s: event %+v", tc.path, e)
		}
		if tc.path == "/large.html" && (ev.last(t).Chunks == 0 || len(r.body) < 100_000) {
			t.Errorf("large page: %d bytes in %d callbacks", len(r.body), ev.last(t).Chunks)
		}
		if r.Header().Get("IC-Certificate") == "" || r.Header().Get(HeaderCacheable) != "1" {
			t.Errorf("%s: headers %v", tc.path, r.Header())
		}
	}
	r := get(h, "POST", host, "/update")
	if r.Code != 200 || !ev.last(t).Upgraded {
		t.Errorf("/update: %d %q %+v", r.Code, r.body, ev.last(t))
	}
}
