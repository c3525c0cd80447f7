package store

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/assets/wire"
	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/internal/rvjs"
)

// TestResponseVerificationJS checks the canister's answers with
// @dfinity/response-verification itself, the verifier of DFINITY's
// gateways: every kind of answer verifies, tampered ones do not.
func TestResponseVerificationJS(t *testing.T) {
	rvjs.Require(t)
	ic := newSite(t)
	ic.uploadSite(testSite(t, true))
	noIndex := newSite(t)
	noIndex.uploadSite(testSite(t, false))

	var cases []rvjs.Case
	var wantOK []bool
	add := func(ic *testIC, name string, r request, tamper bool) {
		if r.method == "" {
			r.method = "GET"
		}
		resp, _ := ic.fetch(r)
		hs := make([]httpcert.HeaderField, len(resp.Headers))
		for i, h := range resp.Headers {
			hs[i] = httpcert.HeaderField(h)
		}
		rh := make([]httpcert.HeaderField, len(r.headers))
		for i, h := range r.headers {
			rh[i] = httpcert.HeaderField(h)
		}
		version := 1
		if r.version != nil {
			version = int(*r.version)
		}
		c := rvjs.Case{Name: name, Request: httpcert.Request{Method: r.method, URL: r.url, Headers: rh, Body: r.body},
			CertificateVersion: version,
			Response:           httpcert.Response{StatusCode: resp.StatusCode, Headers: hs, Body: resp.Body},
			Canister:           canisterID, Now: ic.now.Add(time.Second), MaxSkew: 5 * time.Minute, RootKey: ic.rootDER, MinVersion: 1}
		cases, wantOK = append(cases, c), append(wantOK, true)
		if tamper && len(resp.Body) > 0 {
			b := bytes.Clone(resp.Body)
			b[0] ^= 0x55
			c.Name += " (tampered body)"
			c.Response.Body = b
			cases, wantOK = append(cases, c), append(wantOK, false)
		}
		if tamper && version == 2 {
			c := c
			c.Name = name + " (tampered status)"
			c.Response.StatusCode = 299
			cases, wantOK = append(cases, c), append(wantOK, false)
		}
	}
	gzip := []wire.HeaderField{{Name: "Accept-Encoding", Value: "gzip, deflate, br"}}
	for _, v := range versions {
		for _, url := range []string{"/", "/index.html", "/about", "/about.html", "/docs/", "/docs", "/docs/x/y",
			"/docs/a/b/c", "/nothing", "/big.bin", "/only-br.js", "/style.css", "/dir%20with%20space/file%25.txt"} {
			add(ic, fmt.Sprintf("GET %s v%v", url, deref(v)), request{url: url, version: v}, true)
			add(ic, fmt.Sprintf("GET %s v%v gzip", url, deref(v)), request{url: url, version: v, headers: gzip}, true)
			add(ic, fmt.Sprintf("HEAD %s v%v", url, deref(v)), request{method: "HEAD", url: url, version: v}, false)
		}
		add(noIndex, fmt.Sprintf("404 v%v", deref(v)), request{url: "/missing/page", version: v}, true)
	}
	resp, _ := ic.fetch(request{url: "/about", version: v2})
	add(ic, "304", request{url: "/about", version: v2, headers: []wire.HeaderField{{Name: "If-None-Match", Value: header(resp.Headers, "etag")}}}, false)

	t.Logf("%d answers through @dfinity/response-verification", len(cases))
	for i, r := range rvjs.Verify(t, cases) {
		if r.OK != wantOK[i] {
			t.Errorf("%s: verified %v (%s), want %v", cases[i].Name, r.OK, r.Error, wantOK[i])
		}
		if r.OK && !bytes.Equal(r.Body, cases[i].Response.Body) {
			t.Errorf("%s: certified body differs", cases[i].Name)
		}
	}
}
