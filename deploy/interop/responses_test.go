package interop

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/internal/rvjs"

	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// rvCase is a pair for the real verifier and what the test expects of it.
type rvCase struct {
	rvjs.Case
	want        bool
	wantVersion int
}

// TestResponseVerificationAcceptsThreshold has @dfinity/response-verification
// (the verifier inside DFINITY's HTTP gateways and service worker) check
// HTTP responses certified with Threshold's certify/httpcert: v2 with
// request and response certification, v2 response-only, v2 skip, and v1
// assets, each through a delegated data certificate. Tampered bodies,
// headers and statuses must be refused.
func TestResponseVerificationAcceptsThreshold(t *testing.T) {
	now := time.Now()
	n := newTestNet(t, now.Add(-time.Hour))
	canister := principal.CanisterID(0x20_0007)
	c := httpcert.NewCertifier()

	page := []byte("<!doctype html><h1>Threshold</h1>")
	full := httpcert.FullCertification(httpcert.RequestCertification{QueryParameters: []string{"lang"}},
		httpcert.CertifiedHeaders("content-type"))
	respOnly := httpcert.ResponseOnly(httpcert.ExcludedHeaders("date"))
	type served struct {
		name string
		req  httpcert.Request
		resp httpcert.Response
		path httpcert.CertificationPath
		expr httpcert.Expression
	}
	mk := func(name, url string, expr httpcert.Expression, path httpcert.CertificationPath, status uint16, body []byte) served {
		return served{name,
			httpcert.Request{Method: "GET", URL: url},
			httpcert.Response{StatusCode: status, Body: body, Headers: []httpcert.HeaderField{
				{Name: "Content-Type", Value: "text/html"},
				{Name: "IC-CertificateExpression", Value: expr.String()},
			}}, path, expr}
	}
	pages := []served{
		mk("v2_full", "/index.html?lang=en", full, httpcert.ExactPath("/index.html"), 200, page),
		mk("v2_response_only", "/about", respOnly, httpcert.ExactPath("/about"), 200, []byte("about")),
		mk("v2_wildcard_404", "/missing/page", respOnly, httpcert.WildcardPath("/"), 404, []byte("not found")),
		mk("v2_skip", "/live", httpcert.SkipCertification(), httpcert.ExactPath("/live"), 200, []byte("uncertified")),
	}
	entries := make([]httpcert.Entry, len(pages))
	for i, p := range pages {
		var err error
		if p.expr.Skip {
			entries[i] = httpcert.SkipEntry(p.path)
		} else if entries[i], err = httpcert.NewEntry(p.path, p.expr, p.req, p.resp); err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		must(t, c.Add(entries[i]))
	}
	asset := []byte("body { color: teal }")
	must(t, c.AddAsset("/style.css", asset))
	root := c.RootHash()
	dataCert := n.dataCertificate(t, canister, root[:], now, true)

	var cases []rvCase
	add := func(name string, req httpcert.Request, resp httpcert.Response, version, min int, want bool) {
		cases = append(cases, rvCase{Case: rvjs.Case{Name: name, Request: req, CertificateVersion: version, Response: resp,
			Canister: canister.Bytes(), Now: now, MaxSkew: 5 * time.Minute, RootKey: n.rootSK.PublicKey().DER(), MinVersion: min},
			want: want, wantVersion: version})
	}
	for i, p := range pages {
		h, err := c.CertificateHeader(dataCert, entries[i], p.req.URL)
		must(t, err)
		resp := p.resp
		resp.Headers = append(append([]httpcert.HeaderField(nil), resp.Headers...), h)
		add(p.name, p.req, resp, 2, 2, true)

		if p.expr.Skip {
			continue
		}
		bad := resp
		bad.Body = append(bytes.Clone(resp.Body), '!')
		add(p.name+"/tampered_body", p.req, bad, 2, 2, false)
		bad = resp
		bad.StatusCode = 500
		add(p.name+"/tampered_status", p.req, bad, 2, 2, false)
		bad = resp
		bad.Headers = append([]httpcert.HeaderField{{Name: "Content-Type", Value: "text/plain"}}, resp.Headers[1:]...)
		if p.name == "v2_full" {
			add(p.name+"/tampered_certified_header", p.req, bad, 2, 2, false)
			other := p.req
			other.URL = "/index.html?lang=fr"
			add(p.name+"/other_query_parameter", other, resp, 2, 2, false)
		}
	}
	v1 := httpcert.Response{StatusCode: 200, Body: asset,
		Headers: []httpcert.HeaderField{c.AssetCertificateHeader(dataCert, "/style.css")}}
	req := httpcert.Request{Method: "GET", URL: "/style.css"}
	add("v1_asset", req, v1, 1, 1, true)
	add("v1_asset_refused_when_v2_required", req, v1, 1, 2, false)
	v1.Body = []byte("body { color: red }")
	add("v1_asset/tampered_body", req, v1, 1, 1, false)

	// Threshold's own verifier must give the same verdicts.
	for _, k := range cases {
		res, err := httpcert.VerifyRequestResponse(k.Request, k.Response, canister.Bytes(), now, 5*time.Minute,
			n.rootSK.PublicKey().DER(), k.MinVersion, httpcert.Options{})
		if (err == nil) != k.want || (err == nil && res.Version != k.wantVersion) {
			t.Errorf("%s: certify/httpcert says v%d, %v; want ok=%v", k.Name, res.Version, err, k.want)
		}
	}

	in := make([]rvjs.Case, len(cases))
	for i, k := range cases {
		in[i] = k.Case
	}
	for i, r := range rvjs.Verify(t, in) {
		k := cases[i]
		switch {
		case r.OK != k.want:
			t.Errorf("%s: response-verification ok=%v (%s), want %v", r.Name, r.OK, r.Error, k.want)
		case r.OK && r.Version != k.wantVersion:
			t.Errorf("%s: verified as v%d, want v%d", r.Name, r.Version, k.wantVersion)
		case !r.OK:
			t.Logf("%s: refused: %s", r.Name, strings.SplitN(r.Error, "\n", 2)[0])
		}
	}
}
