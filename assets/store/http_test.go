package store

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/threshold-ic/threshold/assets/wire"
)

func gzipped(t testing.TB, b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	must(t, w.Close())
	return out.Bytes()
}

func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// newSite returns a canister with the test permissions granted.
func newSite(t testing.TB) *testIC {
	ic := newIC(t)
	mustCall(ic, controllerP, wire.GrantPermissionMethod, wire.GrantPermission{ToPrincipal: committer, Permission: wire.PermissionCommit})
	mustCall(ic, controllerP, wire.GrantPermissionMethod, wire.GrantPermission{ToPrincipal: preparer, Permission: wire.PermissionPrepare})
	mustCall(ic, controllerP, wire.GrantPermissionMethod, wire.GrantPermission{ToPrincipal: manager, Permission: wire.PermissionManagePermissions})
	return ic
}

// siteFile is an asset of the test site.
type siteFile struct {
	key, contentType string
	encodings        map[string][]byte
	props            func(*wire.CreateAssetArguments)
}

func testSite(t testing.TB, withIndex bool) []siteFile {
	index := []byte("<html>root index</html>")
	files := []siteFile{
		{key: "/about.html", contentType: "text/html", encodings: map[string][]byte{"identity": []byte("<html>about</html>")}},
		{key: "/docs/index.html", contentType: "text/html", encodings: map[string][]byte{"identity": []byte("<html>docs</html>")}},
		{key: "/docs/a/b/index.html", contentType: "text/html", encodings: map[string][]byte{"identity": []byte("<html>deep</html>")}},
		{key: "/big.bin", contentType: "application/octet-stream", encodings: map[string][]byte{
			"identity": randomBytes(1, 3500), "gzip": gzipped(t, randomBytes(1, 3500))}},
		{key: "/only-br.js", contentType: "text/javascript", encodings: map[string][]byte{"br": randomBytes(2, 300)}},
		{key: "/noalias.html", contentType: "text/html", encodings: map[string][]byte{"identity": []byte("no alias")},
			props: func(a *wire.CreateAssetArguments) { a.EnableAliasing = ptr(false) }},
		{key: "/raw.txt", contentType: "text/plain", encodings: map[string][]byte{"identity": []byte("not raw")},
			props: func(a *wire.CreateAssetArguments) { a.AllowRawAccess = ptr(false) }},
		{key: "/style.css", contentType: "text/css", encodings: map[string][]byte{"identity": []byte("body{}"), "gzip": gzipped(t, []byte("body{}"))},
			props: func(a *wire.CreateAssetArguments) {
				a.MaxAge = ptr[uint64](600)
				a.Headers = &[]wire.HeaderField{{Name: "X-Frame-Options", Value: "DENY"}, {Name: "Cache-Control", Value: "public"}}
			}},
		{key: "/dir with space/file%.txt", contentType: "text/plain", encodings: map[string][]byte{"identity": []byte("spaces")}},
	}
	if withIndex {
		files = append(files, siteFile{key: "/index.html", contentType: "text/html", encodings: map[string][]byte{
			"identity": index, "gzip": gzipped(t, index), "br": []byte("fake brotli of the index")}})
	}
	return files
}

func (ic *testIC) uploadSite(files []siteFile) {
	for _, f := range files {
		ic.upload(f.key, f.contentType, f.encodings, 1000, f.props)
	}
}

var acceptEncodings = []string{"", "gzip", "br, gzip, deflate", "identity", "gzip;q=0, br;q=0", "*", "deflate, gzip;q=1.0, *;q=0.5"}

var versions = []*uint16{nil, ptr[uint16](1), v2}

// TestHTTPAnswersVerify checks every kind of answer with the gateway's
// verifier (PROTOCOL.md §8.3–8.8) and its body against the asset.
func TestHTTPAnswersVerify(t *testing.T) {
	ic := newSite(t)
	files := testSite(t, true)
	ic.uploadSite(files)
	byKey := map[string]siteFile{}
	for _, f := range files {
		byKey[f.key] = f
	}
	cases := []struct {
		url, key string
		status   uint16
	}{
		{"/index.html", "/index.html", 200},
		{"/", "/index.html", 200},
		{"/index", "/index.html", 200},
		{"/about.html", "/about.html", 200},
		{"/about", "/about.html", 200},
		{"/about?x=1#frag", "/about.html", 200},
		{"/docs/index.html", "/docs/index.html", 200},
		{"/docs/", "/docs/index.html", 200},
		{"/docs", "/docs/index.html", 200},
		{"/docs/index", "/docs/index.html", 200},
		{"/docs/nothing", "/docs/index.html", 200},
		{"/docs/a/nothing/here", "/docs/index.html", 200},
		{"/docs/a/b/c/d", "/docs/a/b/index.html", 200},
		{"/docs/a/b/", "/docs/a/b/index.html", 200},
		{"/docs/a/b", "/docs/a/b/index.html", 200},
		{"/docs/a", "/docs/index.html", 200},
		{"/nothing", "/index.html", 200},
		{"/deep/ly/missing/", "/index.html", 200},
		{"/big.bin", "/big.bin", 200},
		{"/only-br.js", "/only-br.js", 200},
		{"/noalias.html", "/noalias.html", 200},
		{"/noalias", "/index.html", 200},
		{"/style.css", "/style.css", 200},
		{"/raw.txt", "/raw.txt", 200},
		{"/dir%20with%20space/file%25.txt", "/dir with space/file%.txt", 200},
		{"//about", "/about.html", 200},
	}
	for _, c := range cases {
		for _, v := range versions {
			for _, ae := range acceptEncodings {
				name := fmt.Sprintf("%s/v%v/%q", c.url, deref(v), ae)
				t.Run(name, func(t *testing.T) {
					ic.t = t
					var hs []wire.HeaderField
					if ae != "" {
						hs = append(hs, wire.HeaderField{Name: "Accept-Encoding", Value: ae})
					}
					r := request{url: c.url, headers: hs, version: v}
					resp, res := ic.fetch(r)
					if resp.StatusCode != c.status {
						t.Fatalf("status %d, want %d", resp.StatusCode, c.status)
					}
					enc := header(resp.Headers, "content-encoding")
					if enc == "" {
						enc = "identity"
					}
					want, ok := byKey[c.key].encodings[enc]
					if !ok {
						t.Fatalf("answered in encoding %q, which %s does not have", enc, c.key)
					}
					if !bytes.Equal(resp.Body, want) {
						t.Fatalf("body of %d bytes is not %s's %s content", len(resp.Body), c.key, enc)
					}
					if v == v2 && !res.StatusCertified {
						t.Fatal("v2 answer without certified status")
					}
					// A HEAD answer has the headers and no body.
					hr := r
					hr.method = "HEAD"
					hresp, _ := ic.fetch(hr)
					if len(hresp.Body) != 0 || hresp.StatusCode != c.status || hresp.StreamingToken != nil {
						t.Fatalf("HEAD answer %d with %d bytes", hresp.StatusCode, len(hresp.Body))
					}
					// If-None-Match with the etag gives a certified 304.
					etag := header(resp.Headers, "etag")
					if etag == "" {
						t.Fatal("no etag")
					}
					sum := sha256.Sum256(want)
					if etag != `"`+hex.EncodeToString(sum[:])+`"` {
						t.Fatalf("etag %s", etag)
					}
					nr := r
					nr.headers = append(append([]wire.HeaderField(nil), r.headers...), wire.HeaderField{Name: "If-None-Match", Value: etag})
					nresp, _ := ic.fetch(nr)
					wantStatus := uint16(304)
					if res.Version == 1 {
						wantStatus = 200 // v1 cannot certify a 304
					}
					if nresp.StatusCode != wantStatus {
						t.Fatalf("If-None-Match answered %d, want %d", nresp.StatusCode, wantStatus)
					}
				})
			}
		}
	}
}

// TestHTTPNotFound: with no index.html above a path, a certified 404.
func TestHTTPNotFound(t *testing.T) {
	ic := newSite(t)
	ic.uploadSite(testSite(t, false))
	for _, url := range []string{"/", "/nothing", "/a/b/c", "/about/x", "/noalias"} {
		for _, v := range versions {
			for _, m := range []string{"GET", "HEAD"} {
				r := request{method: m, url: url, version: v}
				resp, _ := ic.fetch(r)
				if resp.StatusCode != 404 {
					t.Errorf("%s %s: status %d", m, url, resp.StatusCode)
				}
				if m == "GET" && string(resp.Body) != notFoundBody {
					t.Errorf("%s: body %q", url, resp.Body)
				}
			}
		}
	}
	// The docs fallback still answers below /docs/.
	resp, _ := ic.fetch(request{url: "/docs/x", version: v2})
	if resp.StatusCode != 200 || string(resp.Body) != "<html>docs</html>" {
		t.Errorf("/docs/x: %d %q", resp.StatusCode, resp.Body)
	}
}

// TestHTTPTampered: a changed body, header or status fails verification.
func TestHTTPTampered(t *testing.T) {
	ic := newSite(t)
	ic.uploadSite(testSite(t, true))
	for _, url := range []string{"/style.css", "/big.bin", "/about", "/docs/x", "/nothing"} {
		for _, v := range versions {
			r := request{url: url, version: v, headers: []wire.HeaderField{{Name: "Accept-Encoding", Value: "gzip"}}}
			resp, _ := ic.fetch(r)
			tamper := map[string]func(wire.HTTPResponse) wire.HTTPResponse{
				"body": func(x wire.HTTPResponse) wire.HTTPResponse {
					x.Body = bytes.Clone(x.Body)
					x.Body[len(x.Body)/2] ^= 1
					return x
				},
				"truncated body": func(x wire.HTTPResponse) wire.HTTPResponse {
					x.Body = x.Body[:len(x.Body)-1]
					return x
				},
			}
			if v == v2 {
				tamper["status"] = func(x wire.HTTPResponse) wire.HTTPResponse { x.StatusCode = 203; return x }
				tamper["header"] = func(x wire.HTTPResponse) wire.HTTPResponse {
					x.Headers = append([]wire.HeaderField(nil), x.Headers...)
					for i, h := range x.Headers {
						if h.Name == "content-type" {
							x.Headers[i].Value = "application/x-tampered"
						}
					}
					return x
				}
				tamper["extra header"] = func(x wire.HTTPResponse) wire.HTTPResponse {
					x.Headers = append(append([]wire.HeaderField(nil), x.Headers...), wire.HeaderField{Name: "Set-Cookie", Value: "a=b"})
					return x
				}
				tamper["dropped header"] = func(x wire.HTTPResponse) wire.HTTPResponse {
					x.Headers = append([]wire.HeaderField(nil), x.Headers[1:]...)
					return x
				}
			}
			for name, f := range tamper {
				if _, err := ic.verify(r, f(resp)); err == nil {
					t.Errorf("%s v%v: %s tampered answer verifies", url, deref(v), name)
				}
			}
			// The answer for one path does not verify for another.
			other := r
			other.url = "/index.html"
			if url != "/nothing" {
				if _, err := ic.verify(other, resp); err == nil {
					t.Errorf("%s v%v: answer verifies for %s", url, deref(v), other.url)
				}
			}
		}
	}
	// A HEAD answer does not verify as a GET answer, nor a 304.
	r := request{url: "/about", version: v2}
	hr := r
	hr.method = "HEAD"
	head, _ := ic.fetch(hr)
	if _, err := ic.verify(r, head); err == nil {
		t.Error("HEAD answer verifies for GET")
	}
	etag := header(head.Headers, "etag")
	nr := r
	nr.headers = []wire.HeaderField{{Name: "If-None-Match", Value: etag}}
	nm, _ := ic.fetch(nr)
	if nm.StatusCode != 304 {
		t.Fatalf("status %d", nm.StatusCode)
	}
	if _, err := ic.verify(r, nm); err == nil {
		t.Error("304 verifies for a GET without If-None-Match")
	}
	nr.headers[0].Value = `"other"`
	if _, err := ic.verify(nr, nm); err == nil {
		t.Error("304 verifies for another If-None-Match")
	}
}

func TestHTTPEncodingChoice(t *testing.T) {
	ic := newSite(t)
	ic.uploadSite(testSite(t, true))
	for _, c := range []struct {
		accept, want string
		version      *uint16
	}{
		{"br, gzip", "br", v2},
		{"gzip, deflate", "gzip", v2},
		{"br;q=0, gzip", "gzip", v2},
		{"gzip;q=0", "identity", v2},
		{"", "identity", v2},
		{"*", "br", v2},
		{"*;q=0", "identity", v2}, // nothing acceptable: identity anyway
		{"br, gzip", "gzip", nil}, // v1 cannot check br
		{"br", "identity", nil},
	} {
		r := request{url: "/", version: c.version}
		if c.accept != "" {
			r.headers = []wire.HeaderField{{Name: "accept-encoding", Value: c.accept}}
		}
		resp, _ := ic.fetch(r)
		got := header(resp.Headers, "content-encoding")
		if got == "" {
			got = "identity"
		}
		if got != c.want {
			t.Errorf("Accept-Encoding %q (v%v): %s, want %s", c.accept, deref(c.version), got, c.want)
		}
		if v := header(resp.Headers, "vary"); v != "accept-encoding" {
			t.Errorf("vary %q", v)
		}
	}
}

func TestHTTPHeaders(t *testing.T) {
	ic := newSite(t)
	ic.uploadSite(testSite(t, true))
	resp, res := ic.fetch(request{url: "/style.css", version: v2})
	want := map[string]string{"content-type": "text/css", "cache-control": "public", "x-frame-options": "DENY", "vary": "accept-encoding"}
	for k, v := range want {
		if got := header(resp.Headers, k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	// Every header the canister sends is certified.
	if len(res.Headers) != len(resp.Headers) {
		t.Errorf("%d headers certified of %d", len(res.Headers), len(resp.Headers))
	}
	resp, _ = ic.fetch(request{url: "/about", version: v2})
	if header(resp.Headers, "vary") != "" || header(resp.Headers, "cache-control") != "" {
		t.Errorf("headers %v", resp.Headers)
	}
}

func TestHTTPRawRedirect(t *testing.T) {
	ic := newSite(t)
	ic.uploadSite(testSite(t, true))
	id := "lqy7q-dh777-77777-aaaaq-cai"
	resp, err := ic.get(request{url: "/raw.txt?a=b", headers: []wire.HeaderField{{Name: "Host", Value: id + ".raw.icp0.io"}}, version: v2})
	must(t, err)
	if resp.StatusCode != 308 || header(resp.Headers, "location") != "https://"+id+".icp0.io/raw.txt?a=b" {
		t.Errorf("raw: %d %v", resp.StatusCode, resp.Headers)
	}
	resp, err = ic.get(request{url: "/raw.txt", headers: []wire.HeaderField{{Name: "host", Value: id + ".raw.localhost:4943"}}, version: v2})
	must(t, err)
	if header(resp.Headers, "location") != "http://"+id+".localhost:4943/raw.txt" {
		t.Errorf("raw localhost: %v", resp.Headers)
	}
	// Allowed by default; and the certified domain serves it.
	resp, _ = ic.fetch(request{url: "/about", headers: []wire.HeaderField{{Name: "Host", Value: id + ".raw.icp0.io"}}, version: v2})
	if resp.StatusCode != 200 {
		t.Errorf("raw about: %d", resp.StatusCode)
	}
	resp, _ = ic.fetch(request{url: "/raw.txt", headers: []wire.HeaderField{{Name: "Host", Value: id + ".icp0.io"}}, version: v2})
	if resp.StatusCode != 200 {
		t.Errorf("certified raw.txt: %d", resp.StatusCode)
	}
}

func TestHTTPMethodNotAllowed(t *testing.T) {
	ic := newSite(t)
	resp, err := ic.get(request{method: "POST", url: "/", version: v2})
	must(t, err)
	if resp.StatusCode != 405 || header(resp.Headers, "allow") != "GET, HEAD" {
		t.Errorf("%d %v", resp.StatusCode, resp.Headers)
	}
}

func TestHTTPStreaming(t *testing.T) {
	ic := newSite(t)
	content := randomBytes(9, 10_500)
	ic.upload("/video.mp4", "video/mp4", map[string][]byte{"identity": content}, 1000, nil)
	resp, err := call(ic, anonymous, wire.HTTPRequestMethod, wire.HTTPRequest{Method: "GET", URL: "/video.mp4", CertificateVersion: v2})
	must(t, err)
	tok := resp.StreamingToken
	if tok == nil || tok.Index != 1 || tok.Key != "/video.mp4" || len(resp.Body) != 1000 {
		t.Fatalf("first answer: %d bytes, token %+v", len(resp.Body), tok)
	}
	// A token whose sha256 does not match is refused.
	bad := *tok
	bad.SHA256 = make([]byte, 32)
	if _, err := call(ic, anonymous, wire.HTTPRequestStreamingCallbackMethod, bad); err == nil {
		t.Error("callback with a wrong sha256 answered")
	}
	bad = *tok
	bad.Index = 11
	if _, err := call(ic, anonymous, wire.HTTPRequestStreamingCallbackMethod, bad); err == nil {
		t.Error("callback past the end answered")
	}
	full, _ := ic.fetch(request{url: "/video.mp4", version: v2})
	if !bytes.Equal(full.Body, content) {
		t.Fatal("reassembled body differs")
	}
	// After the content changes, the old token is refused.
	ic.upload("/video.mp4", "video/mp4", map[string][]byte{"identity": randomBytes(10, 2500)}, 1000, nil)
	if _, err := call(ic, anonymous, wire.HTTPRequestStreamingCallbackMethod, *tok); err == nil {
		t.Error("stale token answered")
	}
}

func TestHTTPNeedsCertificate(t *testing.T) {
	ic := newSite(t)
	arg, _ := wire.HTTPRequestMethod.EncodeArgs(wire.HTTPRequest{Method: "GET", URL: "/"})
	if _, err := ic.store.Update(ic.env(anonymous, false), "http_request", arg); err == nil {
		t.Error("http_request as an update answered without a certificate")
	}
	arg, _ = wire.HTTPRequestMethod.EncodeArgs(wire.HTTPRequest{Method: "GET", URL: "no-slash"})
	if _, err := ic.store.Query(ic.env(anonymous, true), "http_request", arg); err == nil {
		t.Error("malformed URL answered")
	}
}

// TestHTTPVersionNegotiation: a v1 request gets a v1 answer where a v1
// verifier can check it (PROTOCOL.md §8.8–8.9), else the v2 answer.
func TestHTTPVersionNegotiation(t *testing.T) {
	ic := newSite(t)
	ic.uploadSite(testSite(t, true))
	for _, c := range []struct {
		url     string
		version *uint16
		want    int
	}{
		{"/about", nil, 1},
		{"/about", ptr[uint16](1), 1},
		{"/about", v2, 2},
		{"/nothing", nil, 1},    // the root fallback: v1 looks up /index.html
		{"/docs/x", nil, 2},     // a nested fallback v1 cannot express
		{"/only-br.js", nil, 1}, // the only encoding: its own hash
		{"//about", nil, 2},     // not the path http_assets holds
		{"/big.bin", nil, 1},
	} {
		_, res := ic.fetch(request{url: c.url, version: c.version})
		if res.Version != c.want {
			t.Errorf("%s (v%v): answered v%d, want v%d", c.url, deref(c.version), res.Version, c.want)
		}
	}
	_, res := ic.fetch(request{method: "HEAD", url: "/about"})
	if res.Version != 2 {
		t.Errorf("HEAD v1: answered v%d", res.Version)
	}
}
