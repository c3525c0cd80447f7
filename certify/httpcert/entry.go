package httpcert

import (
	"errors"
	"fmt"
)

// ErrExpressionHeader reports a response whose IC-CertificateExpression
// header is missing or differs from the expression it is certified with;
// no gateway could verify it.
var ErrExpressionHeader = errors.New("httpcert: response lacks an IC-CertificateExpression header holding the expression")

// Entry is one certification in a canister's v2 tree: the leaf
//
//	http_expr / <path segments> / <$>|<*> / expr_hash / (request_hash | "") / response_hash
//
// or, for an expression that skips certification,
//
//	http_expr / <path segments> / <$>|<*> / expr_hash
type Entry struct {
	Path     CertificationPath
	ExprHash Hash
	// Skip marks a no_certification entry; the hashes below are unused.
	Skip bool
	// RequestHash is nil for a response-only expression.
	RequestHash  *Hash
	ResponseHash Hash
}

// NewEntry certifies resp (and req, if expr certifies the request) under
// path. resp must carry expr in its IC-CertificateExpression header,
// exactly as expr.String() formats it, because the response hash covers
// that header.
func NewEntry(path CertificationPath, expr Expression, req Request, resp Response) (Entry, error) {
	text := expr.String()
	if v, ok := header(resp.Headers, CertificateExpressionHeaderName); !ok || v != text {
		return Entry{}, ErrExpressionHeader
	}
	e := Entry{Path: path, ExprHash: expr.Hash(), Skip: expr.Skip}
	if expr.Skip {
		return e, nil
	}
	if expr.Request != nil {
		h, err := RequestHash(req, *expr.Request)
		if err != nil {
			return Entry{}, fmt.Errorf("httpcert: certifying %s: %w", quote(req.URL), err)
		}
		e.RequestHash = &h
	}
	e.ResponseHash = ResponseHash(resp, expr.Response)
	return e, nil
}

// SkipEntry is the entry that exempts every path under path from
// certification (with the skip expression's header on the responses).
func SkipEntry(path CertificationPath) Entry {
	return Entry{Path: path, ExprHash: SkipCertification().Hash(), Skip: true}
}

// TreePath returns the labels of the entry's leaf.
func (e Entry) TreePath() [][]byte {
	p := labels(e.Path.ExprPath())
	p = append(p, e.ExprHash[:])
	if e.Skip {
		return p
	}
	if e.RequestHash != nil {
		p = append(p, e.RequestHash[:])
	} else {
		p = append(p, []byte{})
	}
	return append(p, e.ResponseHash[:])
}
