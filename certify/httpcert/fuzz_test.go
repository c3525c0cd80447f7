package httpcert

import (
	"testing"
	"time"
)

// FuzzVerify feeds arbitrary IC-Certificate and IC-CertificateExpression
// headers, URLs, bodies and status codes to the verifier: it must never
// panic, and every rejection must name a Reason.
func FuzzVerify(f *testing.F) {
	s := newSite(f, false)
	ver, err := NewVerifier(s.rootDER, Options{})
	must(f, err)
	for _, sv := range []served{s.index, s.app, s.assetFallback, s.spa, s.skip} {
		resp := s.respond(sv)
		cert, _ := header(resp.Headers, CertificateHeaderName)
		f.Add(cert, sv.expr.String(), sv.req.URL, sv.resp.Body, sv.resp.StatusCode)
	}
	legacy := s.cert.AssetCertificateHeader(s.dataCertificate(s.cert.RootHash(), s.now), "/legacy.txt")
	f.Add(legacy.Value, "", "/legacy.txt", s.legacy, uint16(200))
	now := s.now.Add(time.Second)
	f.Fuzz(func(t *testing.T, cert, expr, url string, body []byte, status uint16) {
		req := Request{Method: "GET", URL: url, Headers: []HeaderField{{"Accept-Language", "en"}}}
		resp := Response{StatusCode: status, Body: body, Headers: []HeaderField{
			{CertificateHeaderName, cert}, {CertificateExpressionHeaderName, expr}, {"Content-Type", "text/html"}, {"Content-Encoding", "gzip"},
		}}
		res, err := ver.Verify(req, resp, s.id, now, 5*time.Minute, 1)
		if err != nil {
			if ReasonOf(err) == 0 {
				t.Fatalf("error without a Reason: %v", err)
			}
			return
		}
		if res.Version != 1 && res.Version != 2 {
			t.Fatalf("accepted with version %d", res.Version)
		}
	})
}
