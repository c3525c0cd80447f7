package serve

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/quic-go/quic-go/quicvarint"
	"golang.org/x/net/http/httpguts"
)

// The edge encodes its HTTP/3 response field sections itself (RFC 9204,
// QPACK) instead of through quic-go's encoder, which Huffman-codes every
// string. The IC-Certificate header is about 2 KB of base64 on every
// certified answer: Huffman coding saves a fifth of it but costs the server
// and, above all, the client far more CPU per response than the bytes cost
// to send. So this encoder uses the static table where an entry matches and
// plain literals otherwise, and never the dynamic table (the peer's
// SETTINGS_QPACK_MAX_TABLE_CAPACITY is 0 in quic-go's client, and a section
// that refers to no dynamic entry can never block a stream).

// qpackStatic is the QPACK static table (RFC 9204 Appendix A), indexed from 0.
var qpackStatic = [...]struct{ name, value string }{
	{":authority", ""},
	{":path", "/"},
	{"age", "0"},
	{"content-disposition", ""},
	{"content-length", "0"},
	{"cookie", ""},
	{"date", ""},
	{"etag", ""},
	{"if-modified-since", ""},
	{"if-none-match", ""},
	{"last-modified", ""},
	{"link", ""},
	{"location", ""},
	{"referer", ""},
	{"set-cookie", ""},
	{":method", "CONNECT"},
	{":method", "DELETE"},
	{":method", "GET"},
	{":method", "HEAD"},
	{":method", "OPTIONS"},
	{":method", "POST"},
	{":method", "PUT"},
	{":scheme", "http"},
	{":scheme", "https"},
	{":status", "103"},
	{":status", "200"},
	{":status", "304"},
	{":status", "404"},
	{":status", "503"},
	{"accept", "*/*"},
	{"accept", "application/dns-message"},
	{"accept-encoding", "gzip, deflate, br"},
	{"accept-ranges", "bytes"},
	{"access-control-allow-headers", "cache-control"},
	{"access-control-allow-headers", "content-type"},
	{"access-control-allow-origin", "*"},
	{"cache-control", "max-age=0"},
	{"cache-control", "max-age=2592000"},
	{"cache-control", "max-age=604800"},
	{"cache-control", "no-cache"},
	{"cache-control", "no-store"},
	{"cache-control", "public, max-age=31536000"},
	{"content-encoding", "br"},
	{"content-encoding", "gzip"},
	{"content-type", "application/dns-message"},
	{"content-type", "application/javascript"},
	{"content-type", "application/json"},
	{"content-type", "application/x-www-form-urlencoded"},
	{"content-type", "image/gif"},
	{"content-type", "image/jpeg"},
	{"content-type", "image/png"},
	{"content-type", "text/css"},
	{"content-type", "text/html; charset=utf-8"},
	{"content-type", "text/plain"},
	{"content-type", "text/plain;charset=utf-8"},
	{"range", "bytes=0-"},
	{"strict-transport-security", "max-age=31536000"},
	{"strict-transport-security", "max-age=31536000; includesubdomains"},
	{"strict-transport-security", "max-age=31536000; includesubdomains; preload"},
	{"vary", "accept-encoding"},
	{"vary", "origin"},
	{"x-content-type-options", "nosniff"},
	{"x-xss-protection", "1; mode=block"},
	{":status", "100"},
	{":status", "204"},
	{":status", "206"},
	{":status", "302"},
	{":status", "400"},
	{":status", "403"},
	{":status", "421"},
	{":status", "425"},
	{":status", "500"},
	{"accept-language", ""},
	{"access-control-allow-credentials", "FALSE"},
	{"access-control-allow-credentials", "TRUE"},
	{"access-control-allow-headers", "*"},
	{"access-control-allow-methods", "get"},
	{"access-control-allow-methods", "get, post, options"},
	{"access-control-allow-methods", "options"},
	{"access-control-expose-headers", "content-length"},
	{"access-control-request-headers", "content-type"},
	{"access-control-request-method", "get"},
	{"access-control-request-method", "post"},
	{"alt-svc", "clear"},
	{"authorization", ""},
	{"content-security-policy", "script-src 'none'; object-src 'none'; base-uri 'none'"},
	{"early-data", "1"},
	{"expect-ct", ""},
	{"forwarded", ""},
	{"if-range", ""},
	{"origin", ""},
	{"purpose", "prefetch"},
	{"server", ""},
	{"timing-allow-origin", "*"},
	{"upgrade-insecure-requests", "1"},
	{"user-agent", ""},
	{"x-forwarded-for", ""},
	{"x-frame-options", "deny"},
	{"x-frame-options", "sameorigin"},
}

// staticName is what the static table holds for one field name.
type staticName struct {
	index  uint64            // the first entry with the name (for a name reference)
	values map[string]uint64 // the entries with the name, by value
}

// staticNames finds a header map's key in the static table without
// lowering it: it holds every name in its lowercase and its canonical form.
var staticNames = func() map[string]*staticName {
	m := map[string]*staticName{}
	for i, e := range qpackStatic {
		if strings.HasPrefix(e.name, ":") {
			continue
		}
		n := m[e.name]
		if n == nil {
			n = &staticName{index: uint64(i), values: map[string]uint64{}}
			m[e.name] = n
			m[http.CanonicalHeaderKey(e.name)] = n
		}
		if _, dup := n.values[e.value]; !dup {
			n.values[e.value] = uint64(i)
		}
	}
	return m
}()

// statusIndex holds the static entries of :status by code; statusName is
// the index of the name ":status" for the other codes.
var statusIndex, statusName = func() (map[int]uint64, uint64) {
	m := map[int]uint64{}
	first := uint64(0)
	for i, e := range qpackStatic {
		if e.name == ":status" {
			code, _ := strconv.Atoi(e.value)
			m[code] = uint64(i)
			if first == 0 {
				first = uint64(i)
			}
		}
	}
	return m, first
}()

// HTTP/3 frame types (RFC 9114 §7.2).
const (
	frameData    = 0x00
	frameHeaders = 0x01
)

// appendFrameHeader appends the type and length of an HTTP/3 frame
// (RFC 9114 §7.1: both are QUIC variable-length integers).
func appendFrameHeader(b []byte, typ uint64, length int) []byte {
	b = quicvarint.Append(b, typ)
	return quicvarint.Append(b, uint64(length))
}

// appendHeadersFrame appends a HEADERS frame with a field section (see
// appendFieldSection). The section is encoded in place after a 2-byte
// length, so nothing is copied; a varint need not be minimal (RFC 9000 §16).
func appendHeadersFrame(b []byte, status int, h http.Header, skip map[string]bool) []byte {
	start := len(b)
	b = append(b, frameHeaders, 0, 0)
	b = appendFieldSection(b, status, h, skip)
	n := len(b) - start - 3
	if n <= maxVarint2 {
		quicvarint.AppendWithLen(b[start+1:start+1], uint64(n), 2)
		return b
	}
	// Rare: a section of 16 KiB or more needs a longer length.
	section := append([]byte(nil), b[start+3:]...)
	b = appendFrameHeader(b[:start], frameHeaders, len(section))
	return append(b, section...)
}

// maxVarint2 is the largest value a 2-byte QUIC varint holds.
const maxVarint2 = 1<<14 - 1

// appendFieldSection appends an encoded field section (RFC 9204 §4.5).
// A status of 0 means a trailer section, which has no :status.
func appendFieldSection(b []byte, status int, h http.Header, skip map[string]bool) []byte {
	// Prefix: Required Insert Count 0, Delta Base 0 (§4.5.1): no dynamic
	// table references.
	b = append(b, 0, 0)
	if status != 0 {
		if i, ok := statusIndex[status]; ok {
			b = appendIndexed(b, i)
		} else {
			b = appendPrefixInt(b, 0x50, 4, statusName)
			b = appendStringLen(b, 3)
			b = strconv.AppendInt(b, int64(status), 10)
		}
	}
	for k, vs := range h {
		if skip[k] || !sendableField(k) {
			continue
		}
		st := staticNames[k]
		for _, v := range vs {
			if !httpguts.ValidHeaderFieldValue(v) {
				continue // as net/http's HTTP/2 server: an invalid value is dropped, not sent
			}
			if len(k) == 2 && strings.EqualFold(k, "te") && v != "trailers" {
				continue // the one value TE may have in HTTP/3 (RFC 9114 §4.2)
			}
			b = appendField(b, k, v, st)
		}
	}
	return b
}

// appendField appends one field line (RFC 9204 §4.5.2, §4.5.4, §4.5.6):
// an indexed line when the static table has the field, a literal value
// with a name reference when it has the name, else a literal name and
// value. N (never index) is 0; literals are not Huffman-coded.
func appendField(b []byte, name, value string, st *staticName) []byte {
	if st != nil {
		if i, ok := st.values[value]; ok {
			return appendIndexed(b, i)
		}
		b = appendPrefixInt(b, 0x50, 4, st.index)
		return append(appendStringLen(b, len(value)), value...)
	}
	b = appendPrefixInt(b, 0x20, 3, uint64(len(name)))
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A' // HTTP/3 field names are lowercase (RFC 9114 §4.2)
		}
		b = append(b, c)
	}
	return append(appendStringLen(b, len(value)), value...)
}

// appendIndexed appends an indexed field line referring to the static
// table (RFC 9204 §4.5.2: pattern 1T, T=1, 6-bit prefix).
func appendIndexed(b []byte, i uint64) []byte { return appendPrefixInt(b, 0xc0, 6, i) }

// appendStringLen appends the length of a string literal that is not
// Huffman-coded (RFC 9204 §4.1.2: H=0, 7-bit prefix).
func appendStringLen(b []byte, n int) []byte { return appendPrefixInt(b, 0, 7, uint64(n)) }

// appendPrefixInt appends v as an integer with an n-bit prefix, the first
// byte's other bits taken from first (RFC 9204 §4.1.1, RFC 7541 §5.1).
func appendPrefixInt(b []byte, first byte, n uint, v uint64) []byte {
	max := uint64(1)<<n - 1
	if v < max {
		return append(b, first|byte(v))
	}
	b = append(b, first|byte(max))
	for v -= max; v >= 0x80; v >>= 7 {
		b = append(b, byte(v)|0x80)
	}
	return append(b, byte(v))
}

// sendableField reports whether a header map key may go into an HTTP/3
// field section: a valid token, no Trailer: prefix (net/http's way of
// announcing trailers), and not a connection-specific field, which makes
// an HTTP/3 message malformed (RFC 9114 §4.2).
func sendableField(k string) bool {
	if strings.HasPrefix(k, http.TrailerPrefix) {
		return false
	}
	for _, c := range [...]string{"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"} {
		if len(k) == len(c) && strings.EqualFold(k, c) {
			return false
		}
	}
	return httpguts.ValidHeaderFieldName(k)
}
