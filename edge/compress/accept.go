package compress

import (
	"strconv"
	"strings"
)

// Coding is a content coding the edge knows by name.
type Coding uint8

// The codings a client may accept. Br and Gzip are the ones this package
// produces; Zstd and Deflate only matter for answers the canister encoded.
const (
	Br Coding = 1 << iota
	Gzip
	Zstd
	Deflate
)

var codingNames = [...]struct {
	c    Coding
	name string
}{{Br, "br"}, {Gzip, "gzip"}, {Zstd, "zstd"}, {Deflate, "deflate"}}

// Accept is the set of known codings an Accept-Encoding header allows, with
// the one this package would produce.
type Accept struct {
	// Set holds every known coding with q > 0.
	Set Coding
	// Prefer is Br or Gzip, whichever has the higher q (brotli on a tie),
	// or 0 when the client accepts neither.
	Prefer Coding
}

// ParseAccept reads an Accept-Encoding header value. "*" stands for every
// coding not listed; "x-gzip" is gzip (RFC 9110 section 8.4.1.3). Unknown
// codings and malformed members are ignored.
func ParseAccept(h string) Accept {
	var q [len(codingNames)]float64
	var listed [len(codingNames)]bool
	star := -1.0
	for h != "" {
		var member string
		member, h, _ = strings.Cut(h, ",")
		name, params, _ := strings.Cut(member, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		v := qValue(params)
		if name == "*" {
			star = v
			continue
		}
		if name == "x-gzip" {
			name = "gzip"
		}
		for i, cn := range codingNames {
			if cn.name == name {
				q[i], listed[i] = v, true
			}
		}
	}
	var a Accept
	for i, cn := range codingNames {
		if !listed[i] && star >= 0 {
			q[i] = star
		}
		if q[i] > 0 {
			a.Set |= cn.c
		}
	}
	switch {
	case q[0] > 0 && q[0] >= q[1]:
		a.Prefer = Br
	case q[1] > 0:
		a.Prefer = Gzip
	}
	return a
}

// qValue reads the q parameter of one member; a missing or malformed one
// counts as 1 and a malformed one as 0 (refusal is the safe reading).
func qValue(params string) float64 {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 0 || f > 1 {
			return 0
		}
		return f
	}
	return 1
}

// Key is a short canonical string for the set, for cache keys: two
// requests with the same Key get the same answer from this package and
// from a canister that picks among known codings.
func (a Accept) Key() string {
	const hex = "0123456789abcdef"
	return hex[a.Set&0xf : a.Set&0xf+1]
}

// Name returns the coding's token, or "" for none or a set of several.
func (c Coding) Name() string {
	for _, cn := range codingNames {
		if cn.c == c {
			return cn.name
		}
	}
	return ""
}

// CodingOf returns the known coding a Content-Encoding value names, and
// whether it is one; "identity" and "" give (0, true).
func CodingOf(contentEncoding string) (Coding, bool) {
	ce := strings.ToLower(strings.TrimSpace(contentEncoding))
	switch ce {
	case "", "identity":
		return 0, true
	case "x-gzip":
		return Gzip, true
	}
	for _, cn := range codingNames {
		if cn.name == ce {
			return cn.c, true
		}
	}
	return 0, false
}
