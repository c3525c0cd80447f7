//go:build !wasip1

package httpcert

import (
	"crypto/sha256"

	"github.com/threshold-ic/threshold/certify/hashtree"
)

// v2 is response verification version 2 (PROTOCOL.md §8.3 steps 5–8,
// v2_verification).
func (p *pair) v2() (Result, error) {
	exprText, ok := header(p.resp.Headers, CertificateExpressionHeaderName)
	if !ok {
		return Result{}, fail(ErrHeaderMissingCertification, "no "+CertificateExpressionHeaderName+" header", nil)
	}
	exprPath := p.header.ExprPath
	if exprPath == nil {
		return Result{}, ErrHeaderMissingCertificateExpressionPath
	}
	expr, err := ParseExpression(exprText)
	if err != nil {
		return Result{}, fail(ErrCEL, "", err)
	}
	exprHash := sha256.Sum256([]byte(exprText))

	path, err := RequestPath(p.req.URL)
	if err != nil {
		return Result{}, err
	}
	if err := p.verifyCertificate(); err != nil {
		return Result{}, err
	}
	if err := ValidateExprPath(exprPath, path, p.tree); err != nil {
		return Result{}, err
	}
	exprTree, res := p.tree.LookupSubtree(append(labels(exprPath), exprHash[:])...)
	if res != hashtree.Found {
		return Result{}, fail(ErrInvalidExpressionHash, "expr_path "+formatPath(exprPath)+": "+res.String(), nil)
	}
	if expr.Skip {
		return Result{Version: 2}, nil
	}

	reqLabel := []byte{}
	if expr.Request != nil {
		h, err := RequestHash(p.req, *expr.Request)
		if err != nil {
			return Result{}, err
		}
		reqLabel = h[:]
	}
	certified := FilterResponseHeaders(p.resp.Headers, expr.Response)
	respHash := concatHash(ResponseHeadersHash(p.resp.StatusCode, certified), sha256.Sum256(p.resp.Body))
	leaf, res := exprTree.LookupSubtree(reqLabel, respHash[:])
	if res != hashtree.Found {
		return Result{}, fail(ErrInvalidRequestAndResponseHashes, res.String(), nil)
	}
	if leaf.Kind() != hashtree.KindLeaf || len(leaf.Value()) != 0 {
		return Result{}, fail(ErrMissingLeafNode, "found a "+leaf.Kind().String(), nil)
	}
	certValue, _ := header(p.resp.Headers, CertificateHeaderName)
	certified = append(certified, HeaderField{Name: CertificateHeaderName, Value: certValue})
	return Result{
		Version:         2,
		Certified:       true,
		StatusCertified: true,
		StatusCode:      p.resp.StatusCode,
		Headers:         certified,
		Body:            p.resp.Body,
	}, nil
}
