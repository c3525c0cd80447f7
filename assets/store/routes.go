package store

import (
	"slices"
	"strings"

	"github.com/threshold-ic/threshold/certify/httpcert"
)

// A route is a certified path the canister answers for: an exact path
// (an asset's key or one of its aliases) or a directory's wildcard (its
// index.html, or the 404 at the root).
type route struct {
	path   string // canonical: "/" + segments joined by "/"
	labels [][]byte
	target *asset
	// prio orders candidates for the same path: an asset's own key (0)
	// wins over a ".html" or "/index.html" alias (1), which wins over the
	// "/dir" alias of "/dir/index.html" (2); then the smaller key wins.
	prio int

	// For exact routes, recomputed after every change: the witness of the
	// route's certification (v2 and v1) as base64 CBOR, and its
	// expression path as base64 CBOR.
	treeB64, exprPathB64 string
}

// segments splits a URL path into certification-tree segments, the way
// httpcert does (PROTOCOL.md §8.5): empty segments dropped, a trailing
// '/' adds an empty last segment.
func segments(path string) []string {
	p := httpcert.ExactPath(path).ExprPath()
	return p[1 : len(p)-1]
}

// canonical is the path two URL paths with the same segments share.
func canonical(segs []string) string {
	return "/" + strings.Join(segs, "/")
}

// dirPath is the canonical path of the directory with the given segments
// (no empty last segment): "/" for the root, "/a/b/" below it.
func dirPath(segs []string) string {
	if len(segs) == 0 {
		return "/"
	}
	return "/" + strings.Join(segs, "/") + "/"
}

func treeLabels(segs []string, terminator string) [][]byte {
	l := make([][]byte, 0, len(segs)+2)
	l = append(l, []byte(httpcert.ExprPrefix))
	for _, s := range segs {
		l = append(l, []byte(s))
	}
	return append(l, []byte(terminator))
}

// aliases returns the paths an asset answers for besides its key, with
// their priorities (DFINITY's aliased_by): "/a.html" also answers "/a";
// "/d/index.html" answers "/d/index", "/d/" and "/d".
func aliases(key string) (paths []string, prios []int) {
	if base, ok := strings.CutSuffix(key, ".html"); ok {
		paths, prios = append(paths, base), append(prios, 1)
	}
	if dir, ok := strings.CutSuffix(key, "/index.html"); ok {
		paths, prios = append(paths, dir+"/"), append(prios, 1)
		if dir != "" {
			paths, prios = append(paths, dir), append(prios, 2)
		}
	}
	return paths, prios
}

// routeTable is the set of routes of an asset map.
type routeTable struct {
	exact map[string]*route // by canonical path
	wild  map[string]*route // by canonical directory path
}

func better(r *route, prio int, key string) bool {
	return r == nil || prio < r.prio || prio == r.prio && key < r.target.key
}

// buildRoutes computes the routes of the assets: every asset with content
// at its key and, if aliased, at its aliases; every "…/index.html" as the
// wildcard of its directory; and the 404 as the root's wildcard when there
// is no "/index.html".
func buildRoutes(assets map[string]*asset) routeTable {
	t := routeTable{exact: make(map[string]*route, len(assets)), wild: map[string]*route{}}
	put := func(m map[string]*route, segs []string, path, terminator string, a *asset, prio int) {
		if slices.Contains(segs, httpcert.ExactTerminator) || slices.Contains(segs, httpcert.WildcardTerminator) {
			return // would collide with the certification of another path
		}
		if r := m[path]; better(r, prio, a.key) {
			m[path] = &route{path: path, labels: treeLabels(segs, terminator), target: a, prio: prio}
		}
	}
	for key, a := range assets {
		if len(a.encodings) == 0 {
			continue
		}
		segs := segments(key)
		put(t.exact, segs, canonical(segs), httpcert.ExactTerminator, a, 0)
		if a.aliased() {
			paths, prios := aliases(key)
			for i, p := range paths {
				s := segments(p)
				put(t.exact, s, canonical(s), httpcert.ExactTerminator, a, prios[i])
			}
		}
		if dir, ok := strings.CutSuffix(key, "index.html"); ok && strings.HasSuffix(dir, "/") {
			s := segments(dir)
			s = s[:len(s)-1] // the directory's own segments, without the trailing ""
			put(t.wild, append(s, ""), dirPath(s), httpcert.WildcardTerminator, a, 0)
		}
	}
	if t.wild["/"] == nil {
		t.wild["/"] = &route{path: "/", labels: treeLabels([]string{""}, httpcert.WildcardTerminator), target: notFoundAsset}
	}
	return t
}

// lookup finds the route answering a request for the decoded URL path:
// the exact route, else the wildcard of the nearest directory above it
// (for "/a/b/c" and "/a/b/c/": "/a/b/", "/a/", "/"). depth is the number
// of segments of the wildcard's directory.
func (t routeTable) lookup(segs []string) (r *route, exact bool, depth int) {
	if r := t.exact[canonical(segs)]; r != nil {
		return r, true, 0
	}
	for k := len(segs) - 1; k >= 0; k-- {
		if r := t.wild[dirPath(segs[:k])]; r != nil {
			return r, false, k
		}
	}
	return t.wild["/"], false, 0 // not reached: the root always has one
}
