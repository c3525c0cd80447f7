package httpcert

import (
	"encoding/base64"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/threshold-ic/threshold/certify/cbor"
)

// CertificateHeader is the content of an IC-Certificate header (PROTOCOL.md
// §8.4). Certificate and Tree are the decoded CBOR bytes; they are parsed
// by the verifier.
type CertificateHeader struct {
	Certificate []byte
	Tree        []byte
	// ExprPath is the v2 expression path, nil when the field is absent.
	ExprPath []string
	// Version is 1 when the field is absent.
	Version int
}

// ParseCertificateHeader parses an IC-Certificate header value the way the
// reference does: fields are split on ',' and trimmed; a field is
// name=value with the name before the first '=' and the value optionally
// wrapped in ':'; fields that do not have that form, have an empty name or
// value, or an unknown name are ignored; of a repeated field the first one
// counts. certificate, tree and expr_path are standard base64, padded or
// not; version is a decimal number from 0 to 255, default 1. certificate and
// tree are required.
func ParseCertificateHeader(value string) (CertificateHeader, error) {
	h := CertificateHeader{Version: MinVerificationVersion}
	var seen [4]bool
	for field := range strings.SplitSeq(value, ",") {
		name, val, ok := parseHeaderField(field)
		if !ok {
			continue
		}
		var err error
		switch name {
		case "certificate":
			if !seen[0] {
				seen[0] = true
				h.Certificate, err = decodeBase64(name, val)
			}
		case "tree":
			if !seen[1] {
				seen[1] = true
				h.Tree, err = decodeBase64(name, val)
			}
		case "expr_path":
			if !seen[2] {
				seen[2] = true
				var b []byte
				if b, err = decodeBase64(name, val); err == nil {
					h.ExprPath, err = ParseExprPath(b)
				}
			}
		case "version":
			if !seen[3] {
				seen[3] = true
				h.Version, err = parseVersion(val)
			}
		}
		if err != nil {
			return CertificateHeader{}, err
		}
	}
	if !seen[0] {
		return CertificateHeader{}, ErrHeaderMissingCertificate
	}
	if !seen[1] {
		return CertificateHeader{}, ErrHeaderMissingTree
	}
	return h, nil
}

// parseHeaderField splits one trimmed field into name and value: the name
// ends at the first '='; the value is what follows, without one leading
// and one trailing ':'. A value with a ':' inside, an empty name or an
// empty value make no field (certificate_header_field.rs).
func parseHeaderField(field string) (name, value string, ok bool) {
	field = strings.TrimSpace(field)
	name, value, ok = strings.Cut(field, "=")
	if !ok {
		return "", "", false
	}
	value = strings.TrimPrefix(value, ":")
	if i := strings.IndexByte(value, ':'); i >= 0 {
		if i != len(value)-1 {
			return "", "", false
		}
		value = value[:i]
	}
	if name == "" || value == "" {
		return "", "", false
	}
	return name, value, true
}

func decodeBase64(name, val string) ([]byte, error) {
	// Padding is optional but, when present, must be right; trailing bits
	// are accepted (the reference's decoder allows both). Go's decoder
	// would skip CR and LF, the reference's does not.
	enc := base64.RawStdEncoding
	if strings.HasSuffix(val, "=") {
		enc = base64.StdEncoding
	}
	if strings.ContainsAny(val, "\r\n") {
		return nil, fail(ErrMalformedCertificateHeader, name+" is not base64", nil)
	}
	b, err := enc.DecodeString(val)
	if err != nil {
		return nil, fail(ErrMalformedCertificateHeader, name+" is not base64", err)
	}
	return b, nil
}

// parseVersion parses a u8 as Rust's str::parse does (an optional '+').
func parseVersion(val string) (int, error) {
	v, err := strconv.ParseUint(strings.TrimPrefix(val, "+"), 10, 8)
	if err != nil {
		return 0, fail(ErrMalformedCertificateHeader, "version "+quote(val), nil)
	}
	return int(v), nil
}

// String formats the header as ic-http-certification does: certificate
// and tree, and for a header with an expression path also expr_path and
// version, separated by ", ", base64 with padding.
func (h CertificateHeader) String() string {
	var b strings.Builder
	enc := base64.StdEncoding
	b.WriteString("certificate=:")
	b.WriteString(enc.EncodeToString(h.Certificate))
	b.WriteString(":, tree=:")
	b.WriteString(enc.EncodeToString(h.Tree))
	b.WriteString(":")
	if h.ExprPath != nil {
		b.WriteString(", expr_path=:")
		b.WriteString(enc.EncodeToString(AppendExprPath(nil, h.ExprPath)))
		b.WriteString(":")
	}
	if h.Version != MinVerificationVersion {
		b.WriteString(", version=")
		b.WriteString(strconv.Itoa(h.Version))
	}
	return b.String()
}

// AppendExprPath appends the self-describing CBOR array of text that
// carries an expression path.
func AppendExprPath(b []byte, path []string) []byte {
	b = cbor.AppendSelfDescribe(b)
	b = cbor.AppendArray(b, len(path))
	for _, s := range path {
		b = cbor.AppendText(b, s)
	}
	return b
}

// ParseExprPath decodes an expression path: a CBOR array (optionally
// tagged 55799) of text strings. Byte strings holding UTF-8 are accepted
// too, as the reference accepts them.
func ParseExprPath(b []byte) ([]string, error) {
	r := cbor.NewReader(b)
	r.SkipSelfDescribe()
	n, err := r.ArrayLen()
	if err != nil {
		return nil, fail(ErrMalformedCertificateHeader, "expr_path", err)
	}
	path := make([]string, 0, n)
	for range n {
		major, err := r.PeekMajor()
		if err != nil {
			return nil, fail(ErrMalformedCertificateHeader, "expr_path", err)
		}
		var s []byte
		if major == cbor.MajorBytes {
			if s, err = r.Bytes(); err == nil && !utf8.Valid(s) {
				err = cbor.ErrUTF8
			}
		} else {
			s, err = r.TextBytes()
		}
		if err != nil {
			return nil, fail(ErrMalformedCertificateHeader, "expr_path", err)
		}
		path = append(path, string(s))
	}
	if err := r.End(); err != nil {
		return nil, fail(ErrMalformedCertificateHeader, "expr_path", err)
	}
	return path, nil
}
