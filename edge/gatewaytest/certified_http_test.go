package gatewaytest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

const (
	htmlType  = "text/html; charset=utf-8"
	chunkSize = 32768 // certified_http.mo's chunkSize
)

// page is what certified_http must serve for a URL.
type page struct {
	url         string
	status      uint16
	contentType string
	contains    string
	chunks      int // 0: one
}

// The pages of a freshly installed certified_http (see its header).
var pages = []page{
	{url: "/", status: 200, contentType: htmlType, contains: "Hello from a certified canister"},
	{url: "/index.html", status: 200, contentType: htmlType, contains: "Hello from a certified canister"},
	{url: "/about", status: 200, contentType: htmlType, contains: "<h1>About</h1>"},
	{url: "/about?lang=en", status: 200, contentType: htmlType, contains: "<h1>About</h1>"}, // the query is not certified
	{url: "/%61bout", status: 200, contentType: htmlType, contains: "<h1>About</h1>"},       // paths are percent-decoded (§8.5)
	{url: "/data.json", status: 200, contentType: "application/json", contains: `"hits":0`},
	{url: "/large.html", status: 200, contentType: htmlType, contains: "Paragraph 799 of the large page", chunks: 4},
	// The fallback is certified once under the wildcard http_expr/""/<*>;
	// each answer proves that no more specific path exists.
	{url: "/missing", status: 404, contentType: htmlType, contains: "404 Not found"},
	{url: "/missing/deep/page.html?x=1", status: 404, contentType: htmlType, contains: "404 Not found"},
	{url: "/about/", status: 404, contentType: htmlType, contains: "404 Not found"}, // "/about/" is not "/about"
	{url: "/index.html/more", status: 404, contentType: htmlType, contains: "404 Not found"},
	{url: "/caf%C3%A9", status: 404, contentType: htmlType, contains: "404 Not found"},
	{url: "/zzz", status: 404, contentType: htmlType, contains: "404 Not found"}, // after every certified label
	{url: "/!", status: 404, contentType: htmlType, contains: "404 Not found"},   // before every certified label
}

// check fetches every page and has both verifiers accept each answer
// with its whole (streamed) body, status and content-type certified.
func check(t *testing.T, r *replica, id principal.Principal, s *site, want []page) map[string]served {
	t.Helper()
	got := make(map[string]served, len(want))
	pairs := make([]served, len(want))
	for i, p := range want {
		pairs[i] = s.get(t, p.url)
		got[p.url] = pairs[i]
		resp := pairs[i].resp
		if resp.StatusCode != p.status || header(resp.Headers, "content-type") != p.contentType ||
			!bytes.Contains(resp.Body, []byte(p.contains)) {
			t.Errorf("GET %s: %d %q %d bytes; want %d %q containing %q", p.url, resp.StatusCode,
				header(resp.Headers, "content-type"), len(resp.Body), p.status, p.contentType, p.contains)
		}
		if n := max(p.chunks, 1); pairs[i].chunks != n {
			t.Errorf("GET %s: %d chunks, want %d", p.url, pairs[i].chunks, n)
		}
	}
	now := time.Now()
	js := verifyJS(t, r, id, pairs, now)
	for i, p := range want {
		resp := pairs[i].resp
		for name, v := range map[string]verdict{"certify/httpcert": verifyGo(r, id, pairs[i], now), "response-verification": js[i]} {
			switch {
			case !v.ok:
				t.Errorf("GET %s: %s refuses the answer: %s", p.url, name, v.err)
			case v.version != 2 || v.status != int(resp.StatusCode) || !bytes.Equal(v.body, resp.Body):
				t.Errorf("GET %s: %s certified v%d %d %d bytes; served %d %d bytes", p.url, name,
					v.version, v.status, len(v.body), resp.StatusCode, len(resp.Body))
			}
		}
	}
	return got
}

// installed starts a replica, installs certified_http and fetches every
// page of pages, checked by both verifiers.
func installed(t *testing.T) (*replica, principal.Principal, *site, map[string]served) {
	t.Helper()
	r := startReplica(t)
	id := r.install(t, "certified_http")
	s := newSite(t, r, id)
	got := check(t, r, id, s, pages)
	if t.Failed() {
		t.FailNow()
	}
	return r, id, s, got
}

// TestCertifiedHTTPPagesVerify checks certified_http on a real replica
// against both verifiers (PROTOCOL.md §8.3–8.7): every page, the 404
// fallback under its wildcard and the streamed page verify, each with its
// whole body, status and content-type certified.
func TestCertifiedHTTPPagesVerify(t *testing.T) {
	_, _, _, got := installed(t)
	for _, p := range pages {
		g := got[p.url]
		t.Logf("GET %-28s %d %6d bytes in %d chunk(s), IC-Certificate %d bytes", p.url, g.resp.StatusCode,
			len(g.resp.Body), g.chunks, len(header(g.resp.Headers, "IC-Certificate")))
	}

	// The stream: every chunk of chunkSize bytes but the last, through
	// the canister's own callback, to the end of the document.
	g := got["/large.html"]
	if n := (len(g.resp.Body) + chunkSize - 1) / chunkSize; g.chunks != n {
		t.Errorf("%d bytes in %d chunks, want %d", len(g.resp.Body), g.chunks, n)
	}
	if !strings.Contains(g.callback, "http_request_streaming_callback") {
		t.Errorf("callback %s", g.callback)
	}
	if !bytes.HasSuffix(g.resp.Body, []byte("</body></html>\n")) {
		t.Error("the streamed body is cut short")
	}
}

// TestCertifiedHTTPUpdatesRecertify changes the canister's pages through
// http_request_update (upgrade = true), set_page and a code upgrade; each
// time the new tree is certified and both verifiers accept the new pages.
func TestCertifiedHTTPUpdatesRecertify(t *testing.T) {
	r, id, s, _ := installed(t)

	t.Run("http_request_update", func(t *testing.T) {
		for _, m := range []string{"GET", "POST"} {
			if q := s.request(t, httpcert.Request{Method: m, URL: "/update"}); !q.upgrade {
				t.Fatalf("%s /update: no upgrade in %+v", m, q.resp)
			}
		}
		u := s.update(t, "POST", "/update")
		if u.resp.StatusCode != 200 || string(u.resp.Body) != "hits: 1" {
			t.Errorf("http_request_update: %d %q", u.resp.StatusCode, u.resp.Body)
		}
		// The update re-certified /data.json.
		check(t, r, id, s, []page{{url: "/data.json", status: 200, contentType: "application/json", contains: `"hits":1`}})
	})

	changed := []page{
		{url: "/about", status: 200, contentType: htmlType, contains: "<h1>Changed</h1>"},
		{url: "/new/page", status: 200, contentType: "text/plain", contains: "fresh"},
		{url: "/big.txt", status: 200, contentType: "text/plain", contains: "line 7999", chunks: 3},
		{url: "/new", status: 404, contentType: htmlType, contains: "404 Not found"},
		{url: "/new/", status: 404, contentType: htmlType, contains: "404 Not found"},
		{url: "/new/page/", status: 404, contentType: htmlType, contains: "404 Not found"},
		{url: "/new/page/x", status: 404, contentType: htmlType, contains: "404 Not found"},
		{url: "/data.json", status: 200, contentType: "application/json", contains: `"hits":1`},
		{url: "/", status: 200, contentType: htmlType, contains: "Hello from a certified canister"},
	}
	t.Run("set_page", func(t *testing.T) {
		s.setPage(t, "/about", htmlType, "<!doctype html><h1>Changed</h1>")
		s.setPage(t, "/new/page", "text/plain", "fresh")
		var big strings.Builder
		for i := range 8000 {
			fmt.Fprintf(&big, "line %d\n", i)
		}
		s.setPage(t, "/big.txt", "text/plain", big.String())
		// Paths must be in the normal form they are certified at.
		for _, bad := range []string{"about", "/a//b", "/%61", "/a?b", "/update", "/data.json"} {
			if err := s.trySetPage(t, bad, "text/plain", "x"); err == nil {
				t.Errorf("set_page %q accepted", bad)
			}
		}
		check(t, r, id, s, changed)
	})

	t.Run("upgrade", func(t *testing.T) {
		r.upgrade(t, id, "certified_http")
		check(t, r, id, s, changed) // pages survive, certified_data is set again
	})
}
