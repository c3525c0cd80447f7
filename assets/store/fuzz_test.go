package store

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/threshold-ic/threshold/assets/wire"
)

// FuzzMethods: any method name and argument bytes, as any caller, never
// panic, and a failing update changes nothing.
func FuzzMethods(f *testing.F) {
	ic := newSite(f)
	ic.uploadSite(testSite(f, true))
	seed := func(name string, b []byte, err error) {
		must(f, err)
		f.Add(name, b, uint8(0))
		f.Add(name, b, uint8(2))
	}
	b, err := wire.CommitBatchMethod.EncodeArgs(wire.CommitBatchArguments{Operations: []wire.BatchOperation{{Clear: &struct{}{}}, {DeleteAsset: &wire.DeleteAssetArguments{Key: "/x"}}}})
	seed("commit_batch", b, err)
	b, err = wire.StoreMethod.EncodeArgs(wire.StoreArguments{Key: "/s", ContentEncoding: "identity", Content: []byte("x")})
	seed("store", b, err)
	b, err = wire.GetMethod.EncodeArgs(wire.GetArguments{Key: "/index.html", AcceptEncodings: []string{"gzip"}})
	seed("get", b, err)
	b, err = wire.CreateBatchMethod.EncodeArgs(struct{}{})
	seed("create_batch", b, err)
	b, err = wire.HTTPRequestStreamingCallbackMethod.EncodeArgs(wire.StreamingCallbackToken{Key: "/big.bin", ContentEncoding: "identity", Index: 1})
	seed("http_request_streaming_callback", b, err)
	callers := [][]byte{anonymous, stranger, committer, preparer, manager, controllerP}
	f.Fuzz(func(t *testing.T, name string, arg []byte, who uint8) {
		ic.t = t
		caller := callers[int(who)%len(callers)]
		_ = ic.store.Inspect(ic.env(caller, false), name, arg)
		if wire.IsQuery(name) {
			_, _ = ic.store.Query(ic.env(caller, true), name, arg)
			return
		}
		before := ic.fingerprint()
		if _, err := ic.store.Update(ic.env(caller, false), name, arg); err != nil && ic.fingerprint() != before {
			t.Fatalf("%s failed (%v) but changed the state", name, err)
		}
	})
}

// FuzzHTTPRequest: any URL, headers and version give an answer that
// verifies (GET and HEAD), a 405 (other methods), or an error.
func FuzzHTTPRequest(f *testing.F) {
	ic := newSite(f)
	ic.uploadSite(testSite(f, true))
	for _, u := range []string{"/", "/about", "/docs/a/b/c", "/%E2%82%AC", "/big.bin?x#y", "//", "/a%2Fb", "https://x.icp0.io/docs/"} {
		f.Add("GET", u, "accept-encoding", "gzip, br", "if-none-match", `"x"`, uint16(2))
		f.Add("HEAD", u, "host", "x.raw.icp0.io", "accept-encoding", "*;q=0", uint16(1))
	}
	f.Fuzz(func(t *testing.T, method, url, h1, v1, h2, v2 string, version uint16) {
		ic.t = t
		for _, s := range []string{method, url, h1, v1, h2, v2} {
			if !utf8.ValidString(s) {
				return // Candid text is UTF-8: no gateway can send it
			}
		}
		r := request{method: method, url: url, headers: []wire.HeaderField{{Name: h1, Value: v1}, {Name: h2, Value: v2}}}
		if version != 0 {
			r.version = &version
		}
		if method == "" {
			r.method = "GET"
		}
		resp, err := ic.get(r)
		if err != nil {
			return
		}
		switch {
		case !strings.EqualFold(r.method, "GET") && r.method != "HEAD":
			if resp.StatusCode != 405 {
				t.Fatalf("%s answered %d", r.method, resp.StatusCode)
			}
		case resp.StatusCode == 308:
			if header(resp.Headers, "location") == "" {
				t.Fatal("redirect without a location")
			}
		default:
			if _, err := ic.verify(r, resp); err != nil {
				t.Fatalf("%s %q %v (v%d): answer %d does not verify: %v", r.method, url, r.headers, version, resp.StatusCode, err)
			}
		}
	})
}
