package httpcert

import (
	"crypto/sha256"
	"strings"
)

// Expression is the certification a canister declares for a response in
// its IC-CertificateExpression header: a default_certification(...) call
// (PROTOCOL.md §8.6). The zero value certifies the status code, the body
// and no response headers, and nothing of the request.
type Expression struct {
	// Skip is no_certification: nothing of the response is certified and
	// the other fields are ignored.
	Skip bool
	// Request is the request certification; nil is no_request_certification
	// (a response-only expression).
	Request *RequestCertification
	// Response says which response headers are certified.
	Response ResponseCertification
}

// RequestCertification lists the request headers and query parameters that
// the request hash covers. Names compare case-insensitively.
type RequestCertification struct {
	Headers         []string
	QueryParameters []string
}

// ResponseCertification selects the certified response headers: the ones
// listed (certified_response_headers) or, when Exclude is set, all but the
// ones listed (response_header_exclusions). IC-CertificateExpression is
// always certified and IC-Certificate never.
type ResponseCertification struct {
	Exclude bool
	Headers []string
}

// SkipCertification returns the expression that certifies nothing.
func SkipCertification() Expression { return Expression{Skip: true} }

// ResponseOnly returns an expression certifying the response alone.
func ResponseOnly(resp ResponseCertification) Expression { return Expression{Response: resp} }

// FullCertification returns an expression certifying request and response.
func FullCertification(req RequestCertification, resp ResponseCertification) Expression {
	return Expression{Request: &req, Response: resp}
}

// CertifiedHeaders certifies the named response headers.
func CertifiedHeaders(names ...string) ResponseCertification {
	return ResponseCertification{Headers: names}
}

// ExcludedHeaders certifies every response header except the named ones.
func ExcludedHeaders(names ...string) ResponseCertification {
	return ResponseCertification{Exclude: true, Headers: names}
}

// String returns the expression in the compact form that
// ic-http-certification's DefaultCelBuilder emits, byte for byte: the
// header value whose SHA-256 labels the certification tree.
func (e Expression) String() string {
	return string(e.Append(make([]byte, 0, e.size())))
}

// Append appends the expression text to b.
func (e Expression) Append(b []byte) []byte {
	b = append(b, "default_certification(ValidationArgs{"...)
	if e.Skip {
		return append(b, "no_certification:Empty{}})"...)
	}
	b = append(b, "certification:Certification{"...)
	if e.Request == nil {
		b = append(b, "no_request_certification:Empty{},"...)
	} else {
		b = append(b, "request_certification:RequestCertification{certified_request_headers:"...)
		b = appendList(b, e.Request.Headers)
		b = append(b, ",certified_query_parameters:"...)
		b = appendList(b, e.Request.QueryParameters)
		b = append(b, "},"...)
	}
	b = append(b, "response_certification:ResponseCertification{"...)
	if e.Response.Exclude {
		b = append(b, "response_header_exclusions"...)
	} else {
		b = append(b, "certified_response_headers"...)
	}
	b = append(b, ":ResponseHeaderList{headers:"...)
	b = appendList(b, e.Response.Headers)
	return append(b, "}}}})"...)
}

func appendList(b []byte, items []string) []byte {
	b = append(b, '[')
	for i, s := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, s...)
		b = append(b, '"')
	}
	return append(b, ']')
}

func (e Expression) size() int {
	n := 256
	if e.Request != nil {
		n += listSize(e.Request.Headers) + listSize(e.Request.QueryParameters)
	}
	return n + listSize(e.Response.Headers)
}

func listSize(items []string) int {
	n := 0
	for _, s := range items {
		n += len(s) + 3
	}
	return n
}

// Hash returns SHA-256 of the expression text, the label under the
// expression path.
func (e Expression) Hash() Hash { return sha256.Sum256(e.Append(nil)) }

// Validate reports names that cannot appear in an expression: a list
// string may not hold '"', '\\' or a control character (the grammar's
// CHAR), and the response lists may not name IC-Certificate or
// IC-CertificateExpression.
func (e Expression) Validate() error {
	if e.Skip {
		return nil
	}
	lists := [][]string{e.Response.Headers}
	if e.Request != nil {
		lists = append(lists, e.Request.Headers, e.Request.QueryParameters)
	}
	for _, l := range lists {
		for _, s := range l {
			if i := strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r == '"' || r == '\\' || r == 0x7f }); i >= 0 {
				return &CELError{Offset: -1, Msg: "list string " + quote(s) + " holds a character the grammar forbids"}
			}
		}
	}
	for _, s := range e.Response.Headers {
		if equalFoldASCII(s, CertificateHeaderName) || equalFoldASCII(s, CertificateExpressionHeaderName) {
			return &CELError{Offset: -1, Msg: quote(s) + " cannot be listed in a response certification"}
		}
	}
	return nil
}
