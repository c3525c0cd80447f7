package httpcert

import (
	"errors"
	"strings"
)

// Reason names the check that failed. Every error the package returns is
// either a Reason or an *Error carrying one, so a gateway can test for a
// check with errors.Is(err, httpcert.ErrInvalidResponseBody) and answer 503
// with the reason's name (PROTOCOL.md §8.10). The names follow
// ResponseVerificationError of dfinity/response-verification.
type Reason uint8

// The reasons, grouped by the verification step that reports them.
const (
	_ Reason = iota

	// The request.
	ErrMalformedURL // the request URL has no parsable path, or it is not UTF-8 once decoded

	// The headers.
	ErrHeaderMissingCertification             // no IC-Certificate header (v2: or no IC-CertificateExpression)
	ErrHeaderMissingCertificate               // IC-Certificate has no certificate field
	ErrHeaderMissingTree                      // IC-Certificate has no tree field
	ErrHeaderMissingCertificateExpressionPath // a v2 IC-Certificate has no expr_path field
	ErrMalformedCertificateHeader             // a field is not base64, the version not a number, expr_path not CBOR text
	ErrUnsupportedVerificationVersion         // version is neither 1 nor 2
	ErrRequestedVerificationVersionMismatch   // version is below the minimum the caller accepts
	ErrCEL                                    // IC-CertificateExpression does not parse

	// The certificate and the tree.
	ErrCertificateVerificationFailed // signature, delegation, canister range or time
	ErrMalformedCBOR                 // the certificate or tree field does not decode
	ErrCertificateMissingCertifiedData
	ErrInvalidTreeRootHash // tree digest != certified_data

	// Version 2: the expression path.
	ErrUnexpectedExpressionPathPrefix
	ErrUnexpectedExpressionPathSuffix
	ErrExactExpressionPathNotFoundInTree
	ErrExactExpressionPathMismatch
	ErrExactExpressionPathMightExistInTree
	ErrWildcardExpressionPathNotFoundInTree
	ErrWildcardExpressionPathMismatch
	ErrMoreSpecificWildcardExpressionMightExistInTree

	// Version 2: the hashes.
	ErrInvalidExpressionHash
	ErrInvalidRequestAndResponseHashes
	ErrMissingLeafNode

	// Version 1: the body.
	ErrBodyDecodingFailed // Content-Encoding gzip/deflate body does not decode
	ErrInvalidResponseBody

	reasonCount
)

var reasonNames = [reasonCount]string{
	ErrMalformedURL:                                   "MalformedUrl",
	ErrHeaderMissingCertification:                     "HeaderMissingCertification",
	ErrHeaderMissingCertificate:                       "HeaderMissingCertificate",
	ErrHeaderMissingTree:                              "HeaderMissingTree",
	ErrHeaderMissingCertificateExpressionPath:         "HeaderMissingCertificateExpressionPath",
	ErrMalformedCertificateHeader:                     "MalformedCertificateHeader",
	ErrUnsupportedVerificationVersion:                 "UnsupportedVerificationVersion",
	ErrRequestedVerificationVersionMismatch:           "RequestedVerificationVersionMismatch",
	ErrCEL:                                            "CelError",
	ErrCertificateVerificationFailed:                  "CertificateVerificationFailed",
	ErrMalformedCBOR:                                  "CborDecodingFailed",
	ErrCertificateMissingCertifiedData:                "CertificateMissingCertifiedData",
	ErrInvalidTreeRootHash:                            "InvalidTreeRootHash",
	ErrUnexpectedExpressionPathPrefix:                 "UnexpectedExpressionPathPrefix",
	ErrUnexpectedExpressionPathSuffix:                 "UnexpectedExpressionPathSuffix",
	ErrExactExpressionPathNotFoundInTree:              "ExactExpressionPathNotFoundInTree",
	ErrExactExpressionPathMismatch:                    "ExactExpressionPathMismatch",
	ErrExactExpressionPathMightExistInTree:            "ExactExpressionPathMightExistInTree",
	ErrWildcardExpressionPathNotFoundInTree:           "WildcardExpressionPathNotFoundInTree",
	ErrWildcardExpressionPathMismatch:                 "WildcardExpressionPathMismatch",
	ErrMoreSpecificWildcardExpressionMightExistInTree: "MoreSpecificWildcardExpressionMightExistInTree",
	ErrInvalidExpressionHash:                          "InvalidExpressionHash",
	ErrInvalidRequestAndResponseHashes:                "InvalidRequestAndResponseHashes",
	ErrMissingLeafNode:                                "MissingLeafNode",
	ErrBodyDecodingFailed:                             "BodyDecodingFailed",
	ErrInvalidResponseBody:                            "InvalidResponseBody",
}

// String returns the reason's name, for example "InvalidResponseBody".
func (r Reason) String() string {
	if r == 0 || r >= reasonCount {
		return "Unknown"
	}
	return reasonNames[r]
}

// Error implements error, so that a Reason is its own sentinel.
func (r Reason) Error() string { return "httpcert: " + r.String() }

// Error is a failed check with the detail that explains it.
type Error struct {
	Reason Reason
	Detail string // what was found, for logs and error pages
	Err    error  // the underlying error, if any (for example from package certify)
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Reason.Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is match both the Reason and the underlying error.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Reason}
	}
	return []error{e.Reason, e.Err}
}

func fail(r Reason, detail string, err error) error {
	return &Error{Reason: r, Detail: detail, Err: err}
}

// ReasonOf returns the Reason of an error returned by this package, or 0.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	var r Reason
	if errors.As(err, &r) {
		return r
	}
	return 0
}
