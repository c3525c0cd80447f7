package store

import (
	"encoding/base64"

	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/httpcert"
)

// certification is the canister's certification tree (PROTOCOL.md §8.5,
// §8.8) and the routes it certifies:
//
//	http_assets / <path>                                  -> SHA-256 (v1)
//	http_expr / <segments> / <$>|<*> / expr / req / resp -> ""       (v2)
//
// Each level is a persistent hashtree.Map, so a change rehashes only the
// paths it touches; the subtree under a terminator is the target asset's
// assetCert.leaves, shared by all routes to that asset.
type certification struct {
	routes routeTable
	expr   hashtree.Map // nested Maps by segment; terminators hold *Full
	v1     hashtree.Map // path -> Leaf(hash)
	root   hashtree.Map
}

var (
	labelExpr   = []byte(httpcert.ExprPrefix)
	labelAssets = []byte(httpcert.AssetsPrefix)
)

// update moves the certification to the given assets: routes whose target
// changed are re-certified, vanished ones removed, and then every exact
// route's witness is recomputed (every witness changes with the root).
func (c *certification) update(assets map[string]*asset) {
	next := buildRoutes(assets)
	for path, old := range c.routes.exact {
		if next.exact[path] == nil {
			c.expr = deletePath(c.expr, old.labels[1:])
			c.v1 = c.v1.Delete([]byte(path))
		}
	}
	for path, old := range c.routes.wild {
		if next.wild[path] == nil {
			c.expr = deletePath(c.expr, old.labels[1:])
		}
	}
	for path, r := range next.exact {
		old := c.routes.exact[path]
		if old != nil && old.target == r.target {
			continue
		}
		c.expr = setPath(c.expr, r.labels[1:], r.target.cert.leaves)
		c.v1 = c.v1.Set([]byte(path), hashtree.NewLeaf(r.target.cert.v1[:]))
	}
	for path, r := range next.wild {
		if old := c.routes.wild[path]; old == nil || old.target != r.target {
			c.expr = setPath(c.expr, r.labels[1:], r.target.cert.leaves)
		}
	}
	c.routes = next
	c.root = hashtree.Map{}.SetMap(labelAssets, c.v1).SetMap(labelExpr, c.expr)
	for _, r := range next.exact {
		w := c.root.Witness(r.labels)
		r.treeB64 = base64.StdEncoding.EncodeToString(httpcert.EncodeTree(w))
		r.exprPathB64 = exprPathB64(r.labels)
	}
	for _, r := range next.wild {
		r.exprPathB64 = exprPathB64(r.labels)
	}
}

func exprPathB64(labels [][]byte) string {
	return base64.StdEncoding.EncodeToString(httpcert.AppendExprPath(nil, labelStrings(labels)))
}

func labelStrings(l [][]byte) []string {
	out := make([]string, len(l))
	for i, b := range l {
		out[i] = string(b)
	}
	return out
}

// setPath sets the terminator at the end of labels (the segments and the
// terminator, without "http_expr") to f, creating the levels above it.
func setPath(m hashtree.Map, labels [][]byte, f *hashtree.Full) hashtree.Map {
	if len(labels) == 1 {
		return m.SetFull(labels[0], f)
	}
	sub, _ := m.GetMap(labels[0])
	return m.SetMap(labels[0], setPath(sub, labels[1:], f))
}

// deletePath removes the terminator at the end of labels and every level
// left empty.
func deletePath(m hashtree.Map, labels [][]byte) hashtree.Map {
	if len(labels) == 1 {
		return m.Delete(labels[0])
	}
	sub, ok := m.GetMap(labels[0])
	if !ok {
		return m
	}
	if sub = deletePath(sub, labels[1:]); sub.Len() == 0 {
		return m.Delete(labels[0])
	}
	return m.SetMap(labels[0], sub)
}

// RootHash is the certified data.
func (c *certification) rootHash() [32]byte { return c.root.Digest() }

// v1Witness proves a v1 answer for an exact route (PROTOCOL.md §8.8):
// the http_assets entry of the path. It is cut per request: v1 is the
// legacy protocol, and keeping the precomputed witnesses to v2 halves
// their size and the work of every change.
func (c *certification) v1Witness(path string) hashtree.Tree {
	return c.root.Witness([][]byte{labelAssets, []byte(path)})
}

// fallbackWitness proves a wildcard answer r (its directory has depth
// segments) for a request with segments segs: the wildcard's leaves, the
// absence of the exact path and of every wildcard between the request and
// the directory (httpcert.ValidateExprPath), and for a v1 answer the
// http_assets lookups of the path and of "/index.html".
func (c *certification) fallbackWitness(r *route, segs []string, depth int, rawPath string, v1 bool) hashtree.Tree {
	paths := make([][][]byte, 0, 2*(len(segs)-depth)+4)
	paths = append(paths, r.labels, treeLabels(segs, httpcert.ExactTerminator))
	for j := depth + 1; j <= len(segs); j++ {
		paths = append(paths, treeLabels(segs[:j], httpcert.WildcardTerminator))
		withEmpty := append(append(make([]string, 0, j+1), segs[:j]...), "")
		paths = append(paths, treeLabels(withEmpty, httpcert.WildcardTerminator))
	}
	if v1 {
		paths = append(paths, [][]byte{labelAssets, []byte(rawPath)}, [][]byte{labelAssets, []byte("/index.html")})
	}
	return c.root.Witness(paths...)
}
