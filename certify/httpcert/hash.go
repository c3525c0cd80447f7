package httpcert

import (
	"crypto/sha256"
	"strings"

	"github.com/threshold-ic/threshold/certify/rih"
)

// Hash is a SHA-256 digest.
type Hash = [32]byte

// RequestHash computes the v2 request hash (PROTOCOL.md §8.7):
//
//	SHA-256(RIH(headers) · SHA-256(body))
//
// where headers are the request headers named in rc (case-insensitive,
// names lower-cased, repeats kept), ":ic-cert-method" with the method, and
// ":ic-cert-query" with the certified query fragments, only when there is at
// least one (D7). It fails only for a malformed URL.
func RequestHash(req Request, rc RequestCertification) (Hash, error) {
	_, query, hasQuery, err := splitURL(req.URL)
	if err != nil {
		return Hash{}, err
	}
	fields := make([]rih.Field, 0, len(rc.Headers)+2)
	for _, h := range req.Headers {
		if containsFold(rc.Headers, h.Name) {
			fields = append(fields, rih.Field{Key: lowerASCII(h.Name), Value: rih.Text(h.Value)})
		}
	}
	fields = append(fields, rih.Field{Key: MethodPseudoHeader, Value: rih.Text(req.Method)})
	if hasQuery {
		if q, ok := filterQuery(query, rc.QueryParameters); ok {
			fields = append(fields, rih.Field{Key: QueryPseudoHeader, Value: rih.Text(q)})
		}
	}
	return concatHash(rih.Map(fields), sha256.Sum256(req.Body)), nil
}

// filterQuery keeps the '&'-separated fragments of a raw query whose name
// (the text before the first '=') is one of params, case-insensitively, in
// their original order and encoding (D6, D7).
func filterQuery(query string, params []string) (string, bool) {
	if len(params) == 0 {
		return "", false
	}
	var b strings.Builder
	n := 0
	for frag := range strings.SplitSeq(query, "&") {
		name, _, _ := strings.Cut(frag, "=")
		if !containsFold(params, name) {
			continue
		}
		if n > 0 {
			b.WriteByte('&')
		}
		b.WriteString(frag)
		n++
	}
	return b.String(), n > 0
}

// FilterResponseHeaders returns the response headers that v2 certifies
// under rc, names lower-cased and in order: IC-CertificateExpression always,
// IC-Certificate never, the others as rc lists or does not exclude them.
func FilterResponseHeaders(headers []HeaderField, rc ResponseCertification) []HeaderField {
	out := make([]HeaderField, 0, len(headers))
	for _, h := range headers {
		switch {
		case equalFoldASCII(h.Name, CertificateHeaderName):
			continue
		case equalFoldASCII(h.Name, CertificateExpressionHeaderName):
		case containsFold(rc.Headers, h.Name) == rc.Exclude:
			continue
		}
		out = append(out, HeaderField{Name: lowerASCII(h.Name), Value: h.Value})
	}
	return out
}

// ResponseHeadersHash hashes filtered headers (FilterResponseHeaders) and
// the ":ic-cert-status" pseudo header carrying the status code as a nat.
func ResponseHeadersHash(status uint16, filtered []HeaderField) Hash {
	fields := make([]rih.Field, 0, len(filtered)+1)
	for _, h := range filtered {
		fields = append(fields, rih.Field{Key: h.Name, Value: rih.Text(h.Value)})
	}
	fields = append(fields, rih.Field{Key: StatusPseudoHeader, Value: rih.Nat(uint64(status))})
	return rih.Map(fields)
}

// ResponseHash computes the v2 response hash (PROTOCOL.md §8.7):
//
//	SHA-256(ResponseHeadersHash · SHA-256(body))
//
// over the body as sent, without content decoding.
func ResponseHash(resp Response, rc ResponseCertification) Hash {
	return ResponseHashWithBodyHash(resp, rc, sha256.Sum256(resp.Body))
}

// ResponseHashWithBodyHash is ResponseHash with the body hash supplied, for
// a body the canister streams in chunks and hashes as a whole.
func ResponseHashWithBodyHash(resp Response, rc ResponseCertification, bodyHash Hash) Hash {
	return concatHash(ResponseHeadersHash(resp.StatusCode, FilterResponseHeaders(resp.Headers, rc)), bodyHash)
}

func concatHash(a, b Hash) Hash {
	var buf [64]byte
	copy(buf[:32], a[:])
	copy(buf[32:], b[:])
	return sha256.Sum256(buf[:])
}

// containsFold reports whether list holds s, ignoring ASCII case
// (eq_ignore_ascii_case in the reference).
func containsFold(list []string, s string) bool {
	for _, x := range list {
		if equalFoldASCII(x, s) {
			return true
		}
	}
	return false
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// lowerASCII lower-cases ASCII letters only (to_ascii_lowercase).
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lowerByte(b[j])
			}
			return string(b)
		}
	}
	return s
}
