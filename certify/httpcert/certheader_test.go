package httpcert

import (
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/internal/vectors"
)

// TestCertificateHeaderVectors checks §8.4 on the headers of
// ic-http-certification's doc tests: parse, decode and rebuild.
func TestCertificateHeaderVectors(t *testing.T) {
	v := loadHTTPVectors(t)
	if len(v.CertificateHeaders) == 0 {
		t.Fatal("no ic_certificate_headers")
	}
	for _, c := range v.CertificateHeaders {
		t.Run(c.Name, func(t *testing.T) {
			h, err := ParseCertificateHeader(c.HeaderValue)
			if err != nil {
				t.Fatal(err)
			}
			std := base64.StdEncoding
			if got := std.EncodeToString(h.Certificate); strings.TrimRight(got, "=") != strings.TrimRight(c.Fields.Certificate, "=") {
				t.Errorf("certificate %s, want %s", got, c.Fields.Certificate)
			}
			if got := std.EncodeToString(h.Tree); strings.TrimRight(got, "=") != strings.TrimRight(c.Fields.Tree, "=") {
				t.Errorf("tree %s, want %s", got, c.Fields.Tree)
			}
			if c.Decoded.CertificateHex != "" && string(h.Certificate) != string(vectors.Hex(t, c.Decoded.CertificateHex)) {
				t.Error("decoded certificate differs")
			}
			if c.Decoded.CertificateUTF8 != "" && string(h.Certificate) != c.Decoded.CertificateUTF8 {
				t.Error("decoded certificate differs")
			}
			if c.Decoded.TreeUTF8 != "" && string(h.Tree) != c.Decoded.TreeUTF8 {
				t.Error("decoded tree differs")
			}
			wantVersion := 1
			if c.Fields.Version == "2" {
				wantVersion = 2
			}
			if h.Version != wantVersion {
				t.Errorf("version %d, want %d", h.Version, wantVersion)
			}
			if !slices.Equal(h.ExprPath, c.Decoded.ExprPath) {
				t.Errorf("expr_path %q, want %q", h.ExprPath, c.Decoded.ExprPath)
			}
			if c.Decoded.TreeCBORHex != "" {
				if string(h.Tree) != string(vectors.Hex(t, c.Decoded.TreeCBORHex)) {
					t.Error("tree CBOR differs")
				}
				tree, err := hashtree.Parse(h.Tree)
				if err != nil {
					t.Fatal(err)
				}
				if want := jsonTree(t, c.Decoded.Tree); tree.Digest() != want.Digest() {
					t.Error("tree digest differs from the decoded tree")
				}
				// The doc examples were produced by
				// add_v2_certificate_header, so they rebuild byte for byte.
				if got := h.String(); got != c.HeaderValue {
					t.Errorf("rebuilt\n%s\nwant\n%s", got, c.HeaderValue)
				}
			}
			if c.Fields.ExprPath != "" {
				if got := std.EncodeToString(AppendExprPath(nil, h.ExprPath)); got != c.Fields.ExprPath {
					t.Errorf("expr_path encodes to %s, want %s", got, c.Fields.ExprPath)
				}
			}
		})
	}
}

func TestCertificateHeaderFieldCases(t *testing.T) {
	v := loadHTTPVectors(t)
	if len(v.FieldCases) == 0 {
		t.Fatal("no field parse cases")
	}
	for _, c := range v.FieldCases {
		field := ""
		switch {
		case c.Field != nil:
			field = *c.Field
		case c.FieldForm == "certificate:<base64>":
			field = "certificate:" + base64.StdEncoding.EncodeToString([]byte("a generated certificate"))
		default:
			t.Fatalf("unknown field form %q", c.FieldForm)
		}
		name, value, ok := parseHeaderField(field)
		switch {
		case c.Expected == nil && ok:
			t.Errorf("%q: parsed as %q=%q, want no field", field, name, value)
		case c.Expected != nil && (!ok || name != c.Expected.Name || value != c.Expected.Value):
			t.Errorf("%q: got %q=%q (%v), want %q=%q", field, name, value, ok, c.Expected.Name, c.Expected.Value)
		}
	}
}

// TestCertificateHeaderRules checks the parsing rules of
// certificate_header.rs that the vectors summarise.
func TestCertificateHeaderRules(t *testing.T) {
	path := base64.StdEncoding.EncodeToString(AppendExprPath(nil, []string{"http_expr", "<*>"}))
	for _, c := range []struct {
		name, in   string
		cert, tree string
		path       []string
		version    int
		err        error
	}{
		{name: "v1", in: "certificate=:AQID:, tree=:BAU=:", cert: "\x01\x02\x03", tree: "\x04\x05", version: 1},
		{name: "no colons, no spaces", in: "certificate=AQID,tree=BAU", cert: "\x01\x02\x03", tree: "\x04\x05", version: 1},
		{name: "unpadded", in: "certificate=:AQ:, tree=:BAU:", cert: "\x01", tree: "\x04\x05", version: 1},
		{name: "trailing bits", in: "certificate=:AR==:, tree=:BAV:", cert: "\x01", tree: "\x04\x05", version: 1},
		{name: "unknown fields ignored", in: "foo=:bar:, certificate=:AQID:, x, =:y:, tree=:BAU=:, z=", cert: "\x01\x02\x03", tree: "\x04\x05", version: 1},
		{name: "first wins", in: "certificate=:AQID:, tree=:BAU=:, certificate=:!!:, tree=:###:, version=2, version=x, expr_path=:" + path + ":, expr_path=:zz:",
			cert: "\x01\x02\x03", tree: "\x04\x05", version: 2, path: []string{"http_expr", "<*>"}},
		{name: "empty version", in: "certificate=:AQID:, tree=:BAU=:, version=", cert: "\x01\x02\x03", tree: "\x04\x05", version: 1},
		{name: "plus version", in: "certificate=:AQID:, tree=:BAU=:, version=+2", cert: "\x01\x02\x03", tree: "\x04\x05", version: 2},
		{name: "version 7", in: "certificate=:AQID:, tree=:BAU=:, version=7", cert: "\x01\x02\x03", tree: "\x04\x05", version: 7},
		{name: "missing certificate", in: "tree=:BAU=:", err: ErrHeaderMissingCertificate},
		{name: "empty certificate", in: "certificate=::, tree=:BAU=:", err: ErrHeaderMissingCertificate},
		{name: "missing tree", in: "certificate=:AQID:", err: ErrHeaderMissingTree},
		{name: "bad base64", in: "certificate=:A!ID:, tree=:BAU=:", err: ErrMalformedCertificateHeader},
		{name: "bad padding", in: "certificate=:AQ=:, tree=:BAU=:", err: ErrMalformedCertificateHeader},
		{name: "newline in base64", in: "certificate=:AQ\nID:, tree=:BAU=:", err: ErrMalformedCertificateHeader},
		{name: "version too big", in: "certificate=:AQID:, tree=:BAU=:, version=256", err: ErrMalformedCertificateHeader},
		{name: "negative version", in: "certificate=:AQID:, tree=:BAU=:, version=-1", err: ErrMalformedCertificateHeader},
		{name: "expr_path not CBOR", in: "certificate=:AQID:, tree=:BAU=:, expr_path=:AQID:", err: ErrMalformedCertificateHeader},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, err := ParseCertificateHeader(c.in)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("err = %v, want %v", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(h.Certificate) != c.cert || string(h.Tree) != c.tree || h.Version != c.version || !slices.Equal(h.ExprPath, c.path) {
				t.Errorf("got %+v", h)
			}
		})
	}
}

func TestExprPathCBOR(t *testing.T) {
	for _, c := range []struct {
		hex  string
		path []string
		ok   bool
	}{
		{"d9d9f78269687474705f65787072633c2a3e", []string{"http_expr", "<*>"}, true},
		{"8269687474705f65787072633c2a3e", []string{"http_expr", "<*>"}, true},
		{"8249687474705f65787072433c2a3e", []string{"http_expr", "<*>"}, true}, // byte strings
		{"80", []string{}, true},
		{"8201", nil, false},
		{"a0", nil, false},
		{"8141ff", nil, false},                   // bytes that are not UTF-8
		{"8269687474705f6578707263", nil, false}, // truncated
		{"8000", nil, false},                     // trailing
	} {
		p, err := ParseExprPath(vectors.Hex(t, c.hex))
		if (err == nil) != c.ok || (c.ok && !slices.Equal(p, c.path)) {
			t.Errorf("%s: %q, %v", c.hex, p, err)
		}
	}
}

func FuzzParseCertificateHeader(f *testing.F) {
	v := loadHTTPVectors(f)
	for _, c := range v.CertificateHeaders {
		f.Add(c.HeaderValue)
	}
	f.Add("certificate=AQID,tree=BAU,version=2,expr_path=gA")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseCertificateHeader(s)
		if err != nil {
			if ReasonOf(err) == 0 {
				t.Fatalf("error %v has no Reason", err)
			}
			return
		}
		// A parsed header rebuilds into one that parses to the same value.
		back, err := ParseCertificateHeader(h.String())
		if err != nil {
			t.Fatalf("rebuilt %q does not parse: %v", h.String(), err)
		}
		if string(back.Certificate) != string(h.Certificate) || string(back.Tree) != string(h.Tree) ||
			back.Version != h.Version || !slices.Equal(back.ExprPath, h.ExprPath) {
			t.Fatalf("round trip: %+v != %+v", back, h)
		}
	})
}
