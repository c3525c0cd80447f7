package httpcert

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify"
)

// site is a canister serving a few certified responses of each kind.
type site struct {
	*testCanister
	index, app, assetFallback, spa, skip served
	legacy                               []byte
}

func newSite(t testing.TB, delegated bool) *site {
	c := newTestCanister(t, 1, delegated)
	s := &site{testCanister: c}
	full := FullCertification(RequestCertification{Headers: []string{"Accept-Language"}, QueryParameters: []string{"lang"}}, ExcludedHeaders("Date"))
	s.index = c.certify(ExactPath("/index.html"), full,
		Request{Method: "GET", URL: "/index.html?lang=en&utm=x", Headers: []HeaderField{{"Accept-Language", "en"}, {"Host", "example.icp0.io"}}},
		200, []HeaderField{{"Content-Type", "text/html"}, {"Date", "today"}}, "<html>index</html>")
	respOnly := ResponseOnly(CertifiedHeaders("Content-Type"))
	s.app = c.certify(ExactPath("/app.js"), respOnly, Request{Method: "GET", URL: "/app.js"},
		200, []HeaderField{{"Content-Type", "text/javascript"}, {"X-Uncertified", "1"}}, "console.log(1)")
	s.assetFallback = c.certify(WildcardPath("/assets/"), respOnly, Request{Method: "GET", URL: "/assets/missing.png"},
		404, []HeaderField{{"Content-Type", "text/plain"}}, "not found")
	s.spa = c.certify(WildcardPath("/"), respOnly, Request{Method: "GET", URL: "/deep/link?x=1"},
		200, []HeaderField{{"Content-Type", "text/html"}}, "<html>spa</html>")
	skip := SkipEntry(WildcardPath("/skip/"))
	must(t, c.cert.Add(skip))
	s.skip = served{req: Request{Method: "GET", URL: "/skip/anything"}, entry: skip, expr: SkipCertification(),
		resp: Response{StatusCode: 200, Body: []byte("live data"), Headers: []HeaderField{{CertificateExpressionHeaderName, SkipCertification().String()}}}}
	s.legacy = []byte("legacy body")
	must(t, c.cert.AddAsset("/legacy.txt", s.legacy))
	return s
}

// TestVerifyV2Accept checks §8.3 end to end for each kind of certification
// a canister produces with Certifier.
func TestVerifyV2Accept(t *testing.T) {
	for _, delegated := range []bool{false, true} {
		s := newSite(t, delegated)
		for _, c := range []struct {
			name      string
			sv        served
			certified bool
			headers   []string
		}{
			{"full", s.index, true, []string{"ic-certificateexpression", "content-type", CertificateHeaderName}},
			{"response only", s.app, true, []string{"ic-certificateexpression", "content-type", CertificateHeaderName}},
			{"wildcard fallback", s.assetFallback, true, []string{"ic-certificateexpression", "content-type", CertificateHeaderName}},
			{"root wildcard", s.spa, true, []string{"ic-certificateexpression", "content-type", CertificateHeaderName}},
			{"skip", s.skip, false, nil},
		} {
			t.Run(c.name, func(t *testing.T) {
				resp := s.respond(c.sv)
				res, err := s.verify(c.sv.req, resp, 2)
				if err != nil {
					t.Fatalf("delegated=%v: %v", delegated, err)
				}
				if res.Version != 2 || res.Certified != c.certified || res.StatusCertified != c.certified {
					t.Errorf("result %+v", res)
				}
				var names []string
				for _, h := range res.Headers {
					names = append(names, h.Name)
				}
				if !slices.Equal(names, c.headers) {
					t.Errorf("certified headers %q, want %q", names, c.headers)
				}
				if c.certified && (res.StatusCode != c.sv.resp.StatusCode || string(res.Body) != string(c.sv.resp.Body)) {
					t.Errorf("result %+v", res)
				}
			})
		}
	}
}

// TestVerifyV1 checks §8.8/§8.9: a v1 answer passes only when the gateway
// accepts version 1.
func TestVerifyV1(t *testing.T) {
	s := newSite(t, false)
	h := s.cert.AssetCertificateHeader(s.dataCertificate(s.cert.RootHash(), s.now), "/legacy.txt")
	req := Request{Method: "GET", URL: "/legacy.txt"}
	resp := Response{StatusCode: 200, Headers: []HeaderField{h}, Body: s.legacy}
	res, err := s.verify(req, resp, 1)
	if err != nil || res.Version != 1 || res.StatusCertified || len(res.Headers) != 0 {
		t.Fatalf("v1: %+v, %v", res, err)
	}
	if _, err := s.verify(req, resp, 2); !errors.Is(err, ErrRequestedVerificationVersionMismatch) {
		t.Errorf("v1 with minimum 2: %v", err)
	}
	resp.Body = []byte("other")
	if _, err := s.verify(req, resp, 1); !errors.Is(err, ErrInvalidResponseBody) {
		t.Errorf("v1 tampered body: %v", err)
	}
}

func setHeader(hs []HeaderField, name, value string) []HeaderField {
	out := slices.Clone(hs)
	for i := range out {
		if strings.EqualFold(out[i].Name, name) {
			out[i].Value = value
			return out
		}
	}
	return append(out, HeaderField{name, value})
}

func dropHeader(hs []HeaderField, name string) []HeaderField {
	return slices.DeleteFunc(slices.Clone(hs), func(h HeaderField) bool { return strings.EqualFold(h.Name, name) })
}

// TestVerifyV2Tampering changes one part of a certified exchange at a time;
// each change must be rejected for the reason named.
func TestVerifyV2Tampering(t *testing.T) {
	s := newSite(t, true)
	good := s.respond(s.index)
	goodHeader, _ := header(good.Headers, CertificateHeaderName)
	parsed, err := ParseCertificateHeader(goodHeader)
	must(t, err)
	withCert := func(mod func(h *CertificateHeader)) []HeaderField {
		h := parsed
		h.Certificate = slices.Clone(h.Certificate)
		mod(&h)
		return setHeader(good.Headers, CertificateHeaderName, h.String())
	}
	otherExpr := FullCertification(RequestCertification{Headers: []string{"Accept-Language"}, QueryParameters: []string{"lang"}}, ExcludedHeaders()).String()

	type exchange struct {
		req  Request
		resp Response
		now  time.Time
		id   []byte
		min  int
	}
	base := func() exchange {
		return exchange{req: s.index.req, resp: good, now: s.now.Add(30 * time.Second), id: s.id, min: 2}
	}
	for _, c := range []struct {
		name   string
		mod    func(x *exchange)
		reason Reason
		cause  error
	}{
		{"body", func(x *exchange) { x.resp.Body = []byte("<html>evil</html>") }, ErrInvalidRequestAndResponseHashes, nil},
		{"certified header", func(x *exchange) { x.resp.Headers = setHeader(x.resp.Headers, "Content-Type", "text/plain") }, ErrInvalidRequestAndResponseHashes, nil},
		{"added header", func(x *exchange) { x.resp.Headers = setHeader(x.resp.Headers, "Set-Cookie", "a=b") }, ErrInvalidRequestAndResponseHashes, nil},
		{"status", func(x *exchange) { x.resp.StatusCode = 500 }, ErrInvalidRequestAndResponseHashes, nil},
		{"request header", func(x *exchange) { x.req.Headers = setHeader(x.req.Headers, "Accept-Language", "de") }, ErrInvalidRequestAndResponseHashes, nil},
		{"query parameter", func(x *exchange) { x.req.URL = "/index.html?lang=de&utm=x" }, ErrInvalidRequestAndResponseHashes, nil},
		{"method", func(x *exchange) { x.req.Method = "POST" }, ErrInvalidRequestAndResponseHashes, nil},
		{"expression", func(x *exchange) {
			x.resp.Headers = setHeader(x.resp.Headers, CertificateExpressionHeaderName, otherExpr)
		}, ErrInvalidExpressionHash, nil},
		{"garbled expression", func(x *exchange) {
			x.resp.Headers = setHeader(x.resp.Headers, CertificateExpressionHeaderName, "default_certification(")
		}, ErrCEL, nil},
		{"no expression", func(x *exchange) { x.resp.Headers = dropHeader(x.resp.Headers, CertificateExpressionHeaderName) }, ErrHeaderMissingCertification, nil},
		{"no certificate header", func(x *exchange) { x.resp.Headers = dropHeader(x.resp.Headers, CertificateHeaderName) }, ErrHeaderMissingCertification, nil},
		{"tree of another state", func(x *exchange) {
			x.resp.Headers = withCert(func(h *CertificateHeader) {
				other := NewCertifier()
				must(t, other.Add(s.index.entry))
				w, err := other.Witness(s.index.entry, s.index.req.URL)
				must(t, err)
				h.Tree = EncodeTree(w)
			})
		}, ErrInvalidTreeRootHash, nil},
		{"garbled tree", func(x *exchange) {
			x.resp.Headers = withCert(func(h *CertificateHeader) { h.Tree = h.Tree[:len(h.Tree)-1] })
		}, ErrMalformedCBOR, nil},
		{"expr_path of another entry", func(x *exchange) {
			x.resp.Headers = withCert(func(h *CertificateHeader) { h.ExprPath = s.spa.entry.Path.ExprPath() })
		}, ErrExactExpressionPathMightExistInTree, nil},
		{"no expr_path", func(x *exchange) { x.resp.Headers = withCert(func(h *CertificateHeader) { h.ExprPath = nil }) }, ErrHeaderMissingCertificateExpressionPath, nil},
		{"version 3", func(x *exchange) { x.resp.Headers = withCert(func(h *CertificateHeader) { h.Version = 3 }) }, ErrUnsupportedVerificationVersion, nil},
		{"signature", func(x *exchange) {
			x.resp.Headers = withCert(func(h *CertificateHeader) {
				c, err := certify.Parse(h.Certificate)
				must(t, err)
				c.Signature = slices.Clone(c.Signature)
				c.Signature[5] ^= 1
				h.Certificate = c.Encode()
			})
		}, ErrCertificateVerificationFailed, nil},
		{"certificate of another root", func(x *exchange) {
			other := newTestCanister(t, 2, true)
			x.resp.Headers = withCert(func(h *CertificateHeader) { h.Certificate = other.dataCertificate(s.cert.RootHash(), s.now) })
		}, ErrCertificateVerificationFailed, certify.ErrDelegation},
		{"time in the future", func(x *exchange) { x.now = s.now.Add(-6 * time.Minute) }, ErrCertificateVerificationFailed, certify.ErrTime},
		{"time in the past", func(x *exchange) { x.now = s.now.Add(5*time.Minute + time.Millisecond) }, ErrCertificateVerificationFailed, certify.ErrTime},
		{"no time", func(x *exchange) { x.now = time.Time{} }, ErrCertificateVerificationFailed, nil},
		{"canister in range, other data", func(x *exchange) { x.id = canisterID(0x20_0043) }, ErrCertificateMissingCertifiedData, nil},
		{"canister outside the subnet", func(x *exchange) { x.id = canisterID(0x90_0000) }, ErrCertificateVerificationFailed, certify.ErrRange},
		{"malformed URL", func(x *exchange) { x.req.URL = "index.html" }, ErrMalformedURL, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := base()
			c.mod(&x)
			_, err := VerifyRequestResponse(x.req, x.resp, x.id, x.now, 5*time.Minute, s.rootDER, x.min, Options{})
			if !errors.Is(err, c.reason) {
				t.Fatalf("err = %v, want %v", err, c.reason)
			}
			if c.cause != nil && !errors.Is(err, c.cause) {
				t.Errorf("err = %v, want it to wrap %v", err, c.cause)
			}
		})
	}
	// The untampered exchange passes, and an uncertified header may change.
	if _, err := s.verify(s.index.req, good, 2); err != nil {
		t.Fatal(err)
	}
	app := s.respond(s.app)
	app.Headers = setHeader(app.Headers, "X-Uncertified", "changed")
	if _, err := s.verify(s.app.req, app, 2); err != nil {
		t.Errorf("uncertified header: %v", err)
	}
}

// TestVerifyV2WildcardProofs checks the more-specific-path rule (§8.5):
// a wildcard answer needs proofs that no more specific path exists, and
// cannot stand in for a certified exact path.
func TestVerifyV2WildcardProofs(t *testing.T) {
	s := newSite(t, false)
	data := s.dataCertificate(s.cert.RootHash(), s.now)

	// A witness of the wildcard entry alone proves no absence.
	bare := CertificateHeader{Certificate: data, Tree: EncodeTree(s.cert.tree().Witness(s.spa.entry.TreePath())), ExprPath: s.spa.entry.Path.ExprPath(), Version: 2}
	resp := s.spa.resp
	resp.Headers = append(slices.Clone(resp.Headers), HeaderField{CertificateHeaderName, bare.String()})
	if _, err := s.verify(s.spa.req, resp, 2); !errors.Is(err, ErrExactExpressionPathMightExistInTree) {
		t.Errorf("bare wildcard witness: %v", err)
	}

	// The root fallback may not answer for /app.js, which is certified.
	h, err := s.cert.CertificateHeader(data, s.spa.entry, "/app.js")
	must(t, err)
	resp = s.spa.resp
	resp.Headers = append(slices.Clone(resp.Headers), h)
	if _, err := s.verify(Request{Method: "GET", URL: "/app.js"}, resp, 2); !errors.Is(err, ErrExactExpressionPathMightExistInTree) {
		t.Errorf("fallback for a certified path: %v", err)
	}

	// Nor for /assets/x, which the more specific /assets/ wildcard covers.
	h, err = s.cert.CertificateHeader(data, s.spa.entry, "/assets/x")
	must(t, err)
	resp.Headers = setHeader(resp.Headers, CertificateHeaderName, h.Value)
	if _, err := s.verify(Request{Method: "GET", URL: "/assets/x"}, resp, 2); !errors.Is(err, ErrMoreSpecificWildcardExpressionMightExistInTree) {
		t.Errorf("fallback under a more specific wildcard: %v", err)
	}

	// Removing the entry withdraws the certification.
	s.cert.Remove(s.app.entry)
	if _, err := s.verify(s.app.req, s.respond(s.app), 2); err == nil {
		t.Error("removed entry still verifies")
	}
}

// TestCertifierDocHeader rebuilds ic-http-certification's
// add_v2_certificate_header doc example with a Certifier.
func TestCertifierDocHeader(t *testing.T) {
	v := loadHTTPVectors(t)
	var want string
	for _, c := range v.CertificateHeaders {
		if c.Name == "v2_header_doc_example" {
			want = c.HeaderValue
		}
	}
	expr := FullCertification(RequestCertification{}, CertifiedHeaders())
	req := Request{Method: "GET", URL: "/index.html?foo=a&bar=b&baz=c"}
	resp := Response{StatusCode: 200, Headers: []HeaderField{{CertificateExpressionHeaderName, expr.String()}}}
	e, err := NewEntry(ExactPath("/example.json"), expr, req, resp)
	must(t, err)
	c := NewCertifier()
	must(t, c.Add(e))
	h, err := c.CertificateHeader([]byte{1, 2, 3}, e, "/example.json")
	must(t, err)
	if h.Value != want {
		t.Errorf("header\n%s\nwant\n%s", h.Value, want)
	}
	if _, err := NewEntry(ExactPath("/x"), expr, req, Response{StatusCode: 200}); !errors.Is(err, ErrExpressionHeader) {
		t.Errorf("missing expression header: %v", err)
	}
}

func BenchmarkVerifyV2(b *testing.B) {
	s := newSite(b, true)
	resp := s.respond(s.index)
	now := s.now.Add(30 * time.Second)
	b.Run("one-shot", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := VerifyRequestResponse(s.index.req, resp, s.id, now, 5*time.Minute, s.rootDER, 2, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		v, err := NewVerifier(s.rootDER, Options{})
		must(b, err)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(s.index.req, resp, s.id, now, 5*time.Minute, 2); err != nil {
				b.Fatal(err)
			}
		}
	})
}
