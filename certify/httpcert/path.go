package httpcert

import "strings"

// CertificationPath is where a response is certified in the v2 tree: an
// exact URL path, or a wildcard that covers every path below a prefix
// (PROTOCOL.md §8.5). Its segments come from splitting the path on '/',
// dropping empty segments; a trailing '/' adds an empty segment, so that
// "/app" and "/app/" differ.
type CertificationPath struct {
	path     string
	wildcard bool
}

// ExactPath certifies the responses for exactly this URL path.
func ExactPath(path string) CertificationPath { return CertificationPath{path: path} }

// WildcardPath certifies responses for every URL path starting with path,
// unless a more specific path is certified too; WildcardPath("") and
// WildcardPath("/") are the usual fallbacks for a whole site.
func WildcardPath(path string) CertificationPath {
	return CertificationPath{path: path, wildcard: true}
}

// IsWildcard reports whether p is a wildcard path.
func (p CertificationPath) IsWildcard() bool { return p.wildcard }

// Path returns the URL path p was made from.
func (p CertificationPath) Path() string { return p.path }

// ExprPath returns the expression path: "http_expr", the segments and the
// terminator "<$>" or "<*>", as the IC-Certificate header carries it.
func (p CertificationPath) ExprPath() []string {
	segs := urlSegments(p.path)
	out := make([]string, 0, len(segs)+2)
	out = append(out, ExprPrefix)
	out = append(out, segs...)
	if p.wildcard {
		return append(out, WildcardTerminator)
	}
	return append(out, ExactTerminator)
}

// TreePath returns ExprPath without the leading "http_expr".
func (p CertificationPath) TreePath() []string { return p.ExprPath()[1:] }

// urlSegments splits a URL path into certification-tree segments.
func urlSegments(path string) []string {
	var segs []string
	for s := range strings.SplitSeq(path, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	if strings.HasSuffix(path, "/") {
		segs = append(segs, "")
	}
	return segs
}

// wildcardCovers reports whether the wildcard prefix (segments, without
// terminator) covers the request segments; a trailing "" of the wildcard is
// ignored because request paths have no empty segments between others
// (is_wildcard_path_valid_for_request_path).
func wildcardCovers(wildcard, request []string) bool {
	if hasPrefix(request, wildcard) {
		return true
	}
	if n := len(wildcard); n > 0 && wildcard[n-1] == "" {
		return hasPrefix(request, wildcard[:n-1])
	}
	return false
}

func hasPrefix(s, prefix []string) bool {
	if len(prefix) > len(s) {
		return false
	}
	for i := range prefix {
		if s[i] != prefix[i] {
			return false
		}
	}
	return true
}

// stripAffixes removes a leading "http_expr", a trailing terminator and,
// for paths of more than one segment, a leading "" (strip_path_affixes).
func stripAffixes(p []string) []string {
	if len(p) > 0 && p[0] == ExprPrefix {
		p = p[1:]
	}
	if n := len(p); n > 0 && (p[n-1] == ExactTerminator || p[n-1] == WildcardTerminator) {
		p = p[:n-1]
	}
	if len(p) > 1 && p[0] == "" {
		p = p[1:]
	}
	return p
}

// moreSpecificWildcards lists, most specific first and without the
// "http_expr" prefix, the wildcard paths that would answer the requested
// path before the responding wildcard does (more_specific_wildcards_for):
// for each level, "<seg>/<*>" and then "<seg>/""/<*>" one level up. A
// responding path that does not cover the request yields every wildcard
// down to the root.
func moreSpecificWildcards(requested, responding []string) [][]string {
	potential := append([]string(nil), stripAffixes(requested)...)
	resp := stripAffixes(responding)
	if !wildcardCovers(resp, potential) {
		resp = nil
	}
	var out [][]string
	// Each round shortens the path or replaces its last segment by "", so
	// the loop ends within 2·len+2 rounds; the bound only guards that.
	for range 2*len(potential) + 2 {
		n := len(potential)
		if n <= len(resp) && (n == 0) == (len(resp) == 0) && (n == 0 || potential[n-1] == resp[len(resp)-1]) {
			break
		}
		w := make([]string, n+1)
		copy(w, potential)
		w[n] = WildcardTerminator
		out = append(out, w)
		switch {
		case n > 0 && potential[n-1] == "":
			potential = potential[:n-1]
		case n > 0:
			potential = append(potential[:n-1], "")
		default:
			potential = append(potential, "")
		}
	}
	return out
}
