//go:build !wasip1

package httpcert

import (
	"bytes"
	"crypto/sha256"

	"github.com/threshold-ic/threshold/certify/hashtree"
)

// v1 is legacy verification (PROTOCOL.md §8.8, v1_verification): the tree
// maps http_assets/<request path>, or http_assets//index.html, to the
// SHA-256 of the body, decoded per Content-Encoding or as sent.
func (p *pair) v1() (Result, error) {
	if err := p.verifyCertificate(); err != nil {
		return Result{}, err
	}
	path, err := RequestPath(p.req.URL)
	if err != nil {
		return Result{}, err
	}
	encoding, hasEncoding := header(p.resp.Headers, "Content-Encoding")
	limit := p.opts.MaxDecodedBody
	if limit <= 0 {
		limit = DefaultMaxDecodedBody
	}
	decoded, err := decodeBody(p.resp.Body, encoding, limit)
	if err != nil {
		return Result{}, err
	}
	ok := assetMatches(p.tree, path, sha256.Sum256(decoded))
	if !ok && hasEncoding {
		ok = assetMatches(p.tree, path, sha256.Sum256(p.resp.Body))
	}
	if !ok {
		return Result{}, fail(ErrInvalidResponseBody, "request path "+quote(path), nil)
	}
	return Result{Version: 1, Certified: true, StatusCode: p.resp.StatusCode, Body: p.resp.Body}, nil
}

// assetMatches looks the body hash up under http_assets (validate_body):
// the request path if the tree has it, else /index.html.
func assetMatches(tree hashtree.Tree, path string, sum Hash) bool {
	v, res := tree.Lookup([]byte(AssetsPrefix), []byte(path))
	if res != hashtree.Found {
		v, res = tree.Lookup([]byte(AssetsPrefix), []byte("/index.html"))
		if res != hashtree.Found {
			return false
		}
	}
	return bytes.Equal(v, sum[:])
}
