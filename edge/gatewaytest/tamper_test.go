package gatewaytest

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// TestCertifiedHTTPTamperingRefused has both verifiers refuse every change
// to a certified answer of certified_http: its body (a byte, a streamed
// chunk), status, certified header, expression and certificate, an answer
// offered for another URL, and the 404 answer for a certified path
// (PROTOCOL.md §8.3, §8.5).
func TestCertifiedHTTPTamperingRefused(t *testing.T) {
	r, id, _, got := installed(t)

	var cases []served
	var names []string
	add := func(name string, s served) { names = append(names, name); cases = append(cases, s) }
	for _, url := range []string{"/", "/data.json", "/large.html", "/missing"} {
		orig := got[url]
		s := orig
		s.resp.Body = append(bytes.Clone(orig.resp.Body), '!')
		add(url+" body", s)
		s = orig
		s.resp.StatusCode = map[uint16]uint16{200: 500, 404: 200}[orig.resp.StatusCode]
		add(url+" status", s)
		s = orig
		s.resp.Headers = replaceHeader(orig.resp.Headers, "content-type", "text/plain")
		add(url+" content-type", s)
		s = orig
		s.resp.Headers = replaceHeader(orig.resp.Headers, "IC-CertificateExpression",
			"default_certification(ValidationArgs{no_certification:Empty{}})")
		add(url+" expression", s)
		s = orig
		s.resp.Headers = removeHeader(orig.resp.Headers, "IC-Certificate")
		add(url+" no certificate", s)
	}
	large := got["/large.html"]
	large.resp.Body = large.resp.Body[:chunkSize]
	add("/large.html first chunk only", large)
	large = got["/large.html"]
	large.resp.Body = append(bytes.Clone(large.resp.Body[:chunkSize]), large.resp.Body[2*chunkSize:]...)
	add("/large.html chunk 1 dropped", large)
	// A certified answer for another URL.
	about := got["/about"]
	about.req.URL = "/index.html"
	add("/about's answer for /index.html", about)
	missing := got["/missing"]
	missing.req.URL = "/about"
	add("the 404 answer for /about", missing)
	// Another page's certificate header on this answer.
	home := got["/"]
	home.resp.Headers = replaceHeader(home.resp.Headers, "IC-Certificate", header(got["/about"].resp.Headers, "IC-Certificate"))
	add("/about's IC-Certificate on /", home)

	now := time.Now()
	js := verifyJS(t, r, id, cases, now)
	for i, c := range cases {
		if v := verifyGo(r, id, c, now); v.ok {
			t.Errorf("%s: certify/httpcert accepts it", names[i])
		} else {
			t.Logf("%s: certify/httpcert: %s", names[i], v.err)
		}
		if js[i].ok {
			t.Errorf("%s: response-verification accepts it", names[i])
		} else {
			t.Logf("%s: response-verification: %s", names[i], firstLine(js[i].err))
		}
	}
}

// TestCertifiedHTTPCertificate checks the data certificate inside the
// IC-Certificate header: signed by the application subnet with the root's
// delegation, and refused outside the 5-minute window or for another
// canister (PROTOCOL.md §4.5, §4.6, §8.3 step 3).
func TestCertifiedHTTPCertificate(t *testing.T) {
	r, id, _, got := installed(t)

	// The data certificate is signed by the application subnet and
	// carries the root's delegation (certification.md § Delegation).
	h, err := httpcert.ParseCertificateHeader(header(got["/"].resp.Headers, "IC-Certificate"))
	must(t, err)
	cert, err := certify.Parse(h.Certificate)
	must(t, err)
	if cert.Delegation == nil || h.Version != 2 {
		t.Errorf("IC-Certificate version %d, delegation %v; want 2 and a delegation", h.Version, cert.Delegation != nil)
	}
	// Outside the 5-minute window, or for another canister, both
	// verifiers refuse an otherwise good answer.
	home := []served{got["/"]}
	for _, c := range []struct {
		name string
		id   principal.Principal
		now  time.Time
	}{
		{"certificate 6 minutes old", id, time.Now().Add(6 * time.Minute)},
		{"certificate 6 minutes ahead", id, time.Now().Add(-6 * time.Minute)},
		{"another canister of the subnet", principal.CanisterID(0x10_0042), time.Now()},
		{"a canister outside the delegation's ranges", principal.CanisterID(0x20_0000), time.Now()},
	} {
		if v := verifyGo(r, c.id, home[0], c.now); v.ok {
			t.Errorf("%s: certify/httpcert accepts it", c.name)
		} else {
			t.Logf("%s: certify/httpcert: %s", c.name, v.err)
		}
		if v := verifyJS(t, r, c.id, home, c.now)[0]; v.ok {
			t.Errorf("%s: response-verification accepts it", c.name)
		} else {
			t.Logf("%s: response-verification: %s", c.name, firstLine(v.err))
		}
	}
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

func replaceHeader(hs []httpcert.HeaderField, name, value string) []httpcert.HeaderField {
	out := make([]httpcert.HeaderField, len(hs))
	for i, h := range hs {
		if strings.EqualFold(h.Name, name) {
			h.Value = value
		}
		out[i] = h
	}
	return out
}

func removeHeader(hs []httpcert.HeaderField, name string) []httpcert.HeaderField {
	var out []httpcert.HeaderField
	for _, h := range hs {
		if !strings.EqualFold(h.Name, name) {
			out = append(out, h)
		}
	}
	return out
}
