package httpcert

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/hashtree"
)

// Certifier keeps the HTTP certification tree of a canister: v2 entries
// under "http_expr" and, for legacy gateways, v1 asset hashes under
// "http_assets". Its RootHash is what the canister sets as its certified
// data; CertificateHeader cuts the witness for one response.
//
// A Certifier is not safe for concurrent use; a canister owns one. The
// tree is rebuilt lazily after changes, so batch Adds before reading.
type Certifier struct {
	paths   map[string]certPath
	builder *hashtree.Builder // nil after a removal: rebuilt from paths
	full    *hashtree.Full    // nil after any change
}

type certPath struct {
	labels [][]byte
	value  []byte
}

// NewCertifier returns an empty Certifier.
func NewCertifier() *Certifier {
	return &Certifier{paths: make(map[string]certPath), builder: new(hashtree.Builder)}
}

// pathKey encodes labels unambiguously as a map key.
func pathKey(labels [][]byte) string {
	var b []byte
	for _, l := range labels {
		b = binary.AppendUvarint(b, uint64(len(l)))
		b = append(b, l...)
	}
	return string(b)
}

func (c *Certifier) insert(labels [][]byte, value []byte) error {
	if c.builder == nil {
		c.rebuild()
	}
	if err := c.builder.Insert(labels, value); err != nil {
		return err
	}
	c.paths[pathKey(labels)] = certPath{labels, value}
	c.full = nil
	return nil
}

func (c *Certifier) remove(labels [][]byte) {
	k := pathKey(labels)
	if _, ok := c.paths[k]; ok {
		delete(c.paths, k)
		c.builder, c.full = nil, nil
	}
}

func (c *Certifier) rebuild() {
	c.builder = new(hashtree.Builder)
	for _, p := range c.paths {
		c.builder.Insert(p.labels, p.value) // entries were checked when added
	}
}

// Add certifies an entry. It fails only when the entry's path collides
// with a different kind of entry (a skip entry and a certification with the
// same expression hash).
func (c *Certifier) Add(e Entry) error { return c.insert(e.TreePath(), nil) }

// Remove drops an entry; removing an absent entry does nothing.
func (c *Certifier) Remove(e Entry) { c.remove(e.TreePath()) }

// AddAsset certifies body for the v1 path (the percent-decoded URL path,
// for example "/index.html").
func (c *Certifier) AddAsset(path string, body []byte) error {
	h := sha256.Sum256(body)
	return c.insert([][]byte{[]byte(AssetsPrefix), []byte(path)}, h[:])
}

// RemoveAsset drops a v1 path.
func (c *Certifier) RemoveAsset(path string) {
	c.remove([][]byte{[]byte(AssetsPrefix), []byte(path)})
}

func (c *Certifier) tree() *hashtree.Full {
	if c.full == nil {
		if c.builder == nil {
			c.rebuild()
		}
		c.full = c.builder.Build()
	}
	return c.full
}

// RootHash returns the tree's root hash, the canister's certified data.
func (c *Certifier) RootHash() Hash { return c.tree().Digest() }

// Witness returns the pruned tree that proves e for a request to
// requestURL: the entry's leaf and, when e is not the exact path of the
// request, the absence of the exact path and of every more specific
// wildcard (ValidateExprPath).
func (c *Certifier) Witness(e Entry, requestURL string) (hashtree.Tree, error) {
	path, err := RequestPath(requestURL)
	if err != nil {
		return hashtree.Tree{}, err
	}
	paths := [][][]byte{e.TreePath()}
	exact := ExactPath(path).ExprPath()
	expr := e.Path.ExprPath()
	if e.Path.IsWildcard() || !slices.Equal(expr, exact) {
		paths = append(paths, labels(exact))
		for _, w := range moreSpecificWildcards(exact, expr) {
			paths = append(paths, labels(append([]string{ExprPrefix}, w...)))
		}
	}
	return c.tree().Witness(paths...), nil
}

// AssetWitness returns the pruned tree proving the v1 asset at path, or
// its /index.html fallback when path is not certified.
func (c *Certifier) AssetWitness(path string) hashtree.Tree {
	return c.tree().Witness(
		[][]byte{[]byte(AssetsPrefix), []byte(path)},
		[][]byte{[]byte(AssetsPrefix), []byte("/index.html")},
	)
}

// CertificateHeader returns the IC-Certificate header for a response
// certified by e to a request for requestURL, given the data certificate
// the canister obtained for its current RootHash.
func (c *Certifier) CertificateHeader(dataCertificate []byte, e Entry, requestURL string) (HeaderField, error) {
	w, err := c.Witness(e, requestURL)
	if err != nil {
		return HeaderField{}, err
	}
	h := CertificateHeader{
		Certificate: dataCertificate,
		Tree:        EncodeTree(w),
		ExprPath:    e.Path.ExprPath(),
		Version:     2,
	}
	return HeaderField{Name: CertificateHeaderName, Value: h.String()}, nil
}

// AssetCertificateHeader returns the v1 IC-Certificate header for path.
func (c *Certifier) AssetCertificateHeader(dataCertificate []byte, path string) HeaderField {
	h := CertificateHeader{Certificate: dataCertificate, Tree: EncodeTree(c.AssetWitness(path)), Version: 1}
	return HeaderField{Name: CertificateHeaderName, Value: h.String()}
}

// EncodeTree encodes a tree as the header carries it: self-describing CBOR.
func EncodeTree(t hashtree.Tree) []byte {
	return hashtree.Append(cbor.AppendSelfDescribe(nil), t)
}
