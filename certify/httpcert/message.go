package httpcert

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Names of the headers and tree labels of the protocol (PROTOCOL.md §8.4,
// §8.5, §8.7).
const (
	CertificateHeaderName           = "IC-Certificate"
	CertificateExpressionHeaderName = "IC-CertificateExpression"

	StatusPseudoHeader = ":ic-cert-status"
	MethodPseudoHeader = ":ic-cert-method"
	QueryPseudoHeader  = ":ic-cert-query"

	ExprPrefix         = "http_expr"   // first label of every v2 path
	AssetsPrefix       = "http_assets" // first label of every v1 path
	ExactTerminator    = "<$>"
	WildcardTerminator = "<*>"
)

// Verification versions a gateway understands (PROTOCOL.md §8.9).
const (
	MinVerificationVersion = 1
	MaxVerificationVersion = 2
)

// HeaderField is one HTTP header as the canister interface carries it:
// names keep their case and fields may repeat.
type HeaderField struct {
	Name, Value string
}

// Request is the HttpRequest a gateway sends to a canister (PROTOCOL.md
// §8.1). URL is the request target: a path with an optional query, or an
// absolute URL.
type Request struct {
	Method  string
	URL     string
	Headers []HeaderField
	Body    []byte
}

// Response is the HttpResponse a canister returns. Body is the body as sent,
// without content decoding.
type Response struct {
	StatusCode uint16
	Headers    []HeaderField
	Body       []byte
}

// header returns the value of the last header named name (case-insensitive),
// as the reference verifier's header map does.
func header(hs []HeaderField, name string) (string, bool) {
	v, ok := "", false
	for _, h := range hs {
		if equalFoldASCII(h.Name, name) {
			v, ok = h.Value, true
		}
	}
	return v, ok
}

// splitURL returns the raw path and query of a request target. It accepts
// an origin form ("/p?q") and an absolute URL ("https://host/p?q", whose
// empty path is "/"); a fragment is dropped. Control characters, spaces and
// non-ASCII bytes make the URL malformed, as they do for the http crate the
// reference uses.
func splitURL(u string) (path, query string, hasQuery bool, err error) {
	for i := 0; i < len(u); i++ {
		if c := u[i]; c <= ' ' || c >= 0x7f {
			return "", "", false, fail(ErrMalformedURL, quote(u), nil)
		}
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	rest := u
	if i := schemeEnd(u); i > 0 {
		rest = u[i+3:]
		j := strings.IndexAny(rest, "/?")
		if j < 0 {
			j = len(rest)
		}
		if j == 0 {
			return "", "", false, fail(ErrMalformedURL, "no host in "+quote(u), nil)
		}
		rest = rest[j:]
		if rest == "" || rest[0] == '?' {
			rest = "/" + rest
		}
	}
	if !strings.HasPrefix(rest, "/") {
		return "", "", false, fail(ErrMalformedURL, quote(u), nil)
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		return rest[:i], rest[i+1:], true, nil
	}
	return rest, "", false, nil
}

// schemeEnd returns the index of "://" after a valid scheme, or -1.
func schemeEnd(u string) int {
	i := strings.Index(u, "://")
	if i <= 0 {
		return -1
	}
	for j := 0; j < i; j++ {
		c := u[j]
		alpha := c|0x20 >= 'a' && c|0x20 <= 'z'
		if !alpha && (j == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return -1
		}
	}
	return i
}

// RequestPath returns the percent-decoded path of a request URL, the path the
// certification tree is keyed by. Invalid escapes are kept as they are; a
// decoded path that is not UTF-8 is an error (urlencoding::decode).
func RequestPath(url string) (string, error) {
	p, _, _, err := splitURL(url)
	if err != nil {
		return "", err
	}
	if strings.IndexByte(p, '%') < 0 {
		return p, nil
	}
	b := make([]byte, 0, len(p))
	for i := 0; i < len(p); i++ {
		if p[i] == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]) {
			b = append(b, unhex(p[i+1])<<4|unhex(p[i+2]))
			i += 2
			continue
		}
		b = append(b, p[i])
	}
	if !utf8.Valid(b) {
		return "", fail(ErrMalformedURL, "decoded path is not UTF-8: "+quote(url), nil)
	}
	return string(b), nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f'
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// quote shortens and quotes untrusted text for error details.
func quote(s string) string {
	const keep = 120
	if len(s) > keep {
		s = s[:keep] + "…"
	}
	return strconv.Quote(s)
}
