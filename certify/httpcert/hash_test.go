package httpcert

import (
	"encoding/hex"
	"encoding/json"
	"slices"
	"testing"

	"github.com/threshold-ic/threshold/internal/vectors"
)

// TestRequestHash checks §8.7 request hashes, including D6/D7: a query
// without certified parameters adds no ":ic-cert-query".
func TestRequestHash(t *testing.T) {
	v := loadHTTPVectors(t)
	if len(v.RequestHashes) == 0 {
		t.Fatal("no request_hashes vectors")
	}
	for _, c := range v.RequestHashes {
		t.Run(c.Name, func(t *testing.T) {
			req := Request{
				Method:  c.Request.Method,
				URL:     c.Request.URL,
				Headers: headerFields(c.Request.Headers),
				Body:    vectors.Hex(t, c.Request.BodyHex),
			}
			rc := RequestCertification{Headers: c.Certification.Headers, QueryParameters: c.Certification.Params}
			h, err := RequestHash(req, rc)
			if err != nil {
				t.Fatal(err)
			}
			got := hex.EncodeToString(h[:])
			switch {
			case c.RequestHashHex != "" && got != c.RequestHashHex:
				t.Errorf("request hash %s, want %s", got, c.RequestHashHex)
			case c.MustDifferFrom != "" && got == c.MustDifferFrom:
				t.Errorf("request hash %s must differ", got)
			case c.RequestHashHex == "" && c.MustDifferFrom == "":
				t.Fatal("vector has no expectation")
			}
		})
	}
}

func TestRequestHashQueryNamesIgnoreCase(t *testing.T) {
	req := Request{Method: "GET", URL: "/?Q=1&q=2&qq=3&q"}
	a, _ := RequestHash(req, RequestCertification{QueryParameters: []string{"q"}})
	b, _ := RequestHash(req, RequestCertification{QueryParameters: []string{"Q"}})
	if a != b {
		t.Error("query parameter names must compare case-insensitively")
	}
	if q, _ := filterQuery("Q=1&q=2&qq=3&q", []string{"q"}); q != "Q=1&q=2&q" {
		t.Errorf("filtered query %q", q)
	}
}

func TestRequestHashMalformedURL(t *testing.T) {
	for _, u := range []string{"", "relative/path", "/a b", "https://", "/é", "http:///x"} {
		if _, err := RequestHash(Request{Method: "GET", URL: u}, RequestCertification{}); ReasonOf(err) != ErrMalformedURL {
			t.Errorf("%q: err %v, want ErrMalformedURL", u, err)
		}
	}
}

// TestResponseHash checks §8.7 response and response-header hashes: the
// certified headers (or all but the excluded ones), IC-CertificateExpression
// always, IC-Certificate never, and ":ic-cert-status".
func TestResponseHash(t *testing.T) {
	v := loadHTTPVectors(t)
	if len(v.ResponseHashes) == 0 {
		t.Fatal("no response_hashes vectors")
	}
	for _, c := range v.ResponseHashes {
		t.Run(c.Name, func(t *testing.T) {
			resp := Response{StatusCode: c.Response.StatusCode, Headers: headerFields(c.Response.Headers), Body: vectors.Hex(t, c.Response.BodyHex)}
			rc := CertifiedHeaders(c.Certification.Certified...)
			if c.Certification.Excluded != nil {
				rc = ExcludedHeaders(c.Certification.Excluded...)
			}
			checked := false
			if c.ResponseHeadersHashHex != "" {
				h := ResponseHeadersHash(resp.StatusCode, FilterResponseHeaders(resp.Headers, rc))
				if got := hex.EncodeToString(h[:]); got != c.ResponseHeadersHashHex {
					t.Errorf("response headers hash %s, want %s", got, c.ResponseHeadersHashHex)
				}
				checked = true
			}
			if c.ResponseHashHex != "" {
				h := ResponseHash(resp, rc)
				if c.BodyHashOverrideHex != "" {
					h = ResponseHashWithBodyHash(resp, rc, Hash(vectors.Hex(t, c.BodyHashOverrideHex)))
				}
				if got := hex.EncodeToString(h[:]); got != c.ResponseHashHex {
					t.Errorf("response hash %s, want %s", got, c.ResponseHashHex)
				}
				checked = true
			}
			if !checked {
				t.Fatal("vector has no expectation")
			}
		})
	}
}

func TestFilterResponseHeaders(t *testing.T) {
	v := loadHTTPVectors(t)
	var cases []struct {
		Name     string
		Response struct {
			Headers [][2]string
		}
		Certification struct {
			Certified []string `json:"certified_response_headers"`
		} `json:"response_certification"`
		Expected [][2]string `json:"expected_filtered_headers"`
	}
	if err := json.Unmarshal(v.ResponseHeaderFiltering, &cases); err != nil || len(cases) == 0 {
		t.Fatalf("response_header_filtering: %v", err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			got := FilterResponseHeaders(headerFields(c.Response.Headers), CertifiedHeaders(c.Certification.Certified...))
			if want := headerFields(c.Expected); !slices.Equal(got, want) {
				t.Errorf("filtered %q, want %q", got, want)
			}
		})
	}
}

func TestFilterResponseHeadersExclusions(t *testing.T) {
	hs := []HeaderField{{"IC-Certificate", "x"}, {"ic-certificateexpression", "e"}, {"Date", "d"}, {"ETag", "1"}}
	got := FilterResponseHeaders(hs, ExcludedHeaders("date", "IC-CertificateExpression"))
	want := []HeaderField{{"ic-certificateexpression", "e"}, {"etag", "1"}}
	if !slices.Equal(got, want) {
		t.Errorf("filtered %q, want %q", got, want)
	}
}

func TestRequestPath(t *testing.T) {
	for _, c := range []struct{ url, path string }{
		{"https://ic0.app", "/"},
		{"https://ic0.app?q=1", "/"},
		{"/a%20b/%2F?x#y", "/a b//"},
		{"/%zz%4", "/%zz%4"},
		{"/caf%C3%A9", "/café"},
		{"http://h:80/p/q/", "/p/q/"},
	} {
		got, err := RequestPath(c.url)
		if err != nil || got != c.path {
			t.Errorf("RequestPath(%q) = %q, %v; want %q", c.url, got, err, c.path)
		}
	}
	if _, err := RequestPath("/%ff"); ReasonOf(err) != ErrMalformedURL {
		t.Errorf("non-UTF-8 path: %v", err)
	}
}

func BenchmarkRequestHash(b *testing.B) {
	req := Request{
		Method:  "GET",
		URL:     "/index.html?q=hello+world&name=foo&name=bar&color=purple",
		Headers: []HeaderField{{"Host", "example.ic0.app"}, {"Accept", "text/html"}, {"Accept-Encoding", "gzip"}},
		Body:    nil,
	}
	rc := RequestCertification{Headers: []string{"host", "accept"}, QueryParameters: []string{"q", "name"}}
	b.ReportAllocs()
	for b.Loop() {
		RequestHash(req, rc)
	}
}

func BenchmarkResponseHash(b *testing.B) {
	resp := Response{
		StatusCode: 200,
		Headers: []HeaderField{
			{"IC-CertificateExpression", FullCertification(RequestCertification{}, CertifiedHeaders("Content-Type")).String()},
			{"Content-Type", "text/html"}, {"Cache-Control", "no-cache"}, {"Content-Length", "1024"},
		},
		Body: make([]byte, 1024),
	}
	rc := CertifiedHeaders("Content-Type", "Cache-Control")
	b.ReportAllocs()
	for b.Loop() {
		ResponseHash(resp, rc)
	}
}
