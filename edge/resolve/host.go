package resolve

import (
	"net"
	"strings"
)

// maxHost is the longest DNS name in text form (RFC 1035: 253 characters
// without the trailing dot).
const maxHost = 253

// NormalizeHost turns a Host header (or TLS server name) into the form the
// rules compare: the port removed (also from "[::1]:8443"), ASCII letters
// lowered, one trailing dot dropped. It refuses what is not a DNS name of
// LDH labels (letters, digits, '-'; 1 to 63 characters; no leading or
// trailing '-'; '_' is tolerated as some DNS names use it), except IP
// literals, which pass unchanged so that they can be reported as unknown
// domains. Unicode must arrive as its xn-- (IDNA) form, as browsers send
// it: raw UTF-8 in a Host header is refused rather than guessed at.
func NormalizeHost(host string) (string, error) {
	h := host
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return "", fail(ErrBadHost, host, "", nil)
		}
		rest := h[end+1:]
		if rest != "" && (rest[0] != ':' || !allDigits(rest[1:])) {
			return "", fail(ErrBadHost, host, "", nil)
		}
		ip := net.ParseIP(h[1:end])
		if ip == nil {
			return "", fail(ErrBadHost, host, "", nil)
		}
		return ip.String(), nil
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		if strings.IndexByte(h[:i], ':') >= 0 || !allDigits(h[i+1:]) {
			return "", fail(ErrBadHost, host, "", nil)
		}
		h = h[:i]
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > maxHost {
		return "", fail(ErrBadHost, host, "", nil)
	}
	if ip := net.ParseIP(h); ip != nil {
		return ip.String(), nil
	}
	b := []byte(h)
	label := 0
	for i, c := range b {
		switch {
		case 'A' <= c && c <= 'Z':
			b[i] = c + ('a' - 'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_':
		case c == '-':
			if label == 0 || i+1 == len(b) || b[i+1] == '.' {
				return "", fail(ErrBadHost, host, "", nil)
			}
		case c == '.':
			if label == 0 {
				return "", fail(ErrBadHost, host, "", nil)
			}
			label = 0
			continue
		default:
			return "", fail(ErrBadHost, host, "", nil)
		}
		label++
		if label > 63 {
			return "", fail(ErrBadHost, host, "", nil)
		}
	}
	return string(b), nil
}

func allDigits(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
