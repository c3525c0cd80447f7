// Package httpcert implements the certification side of the Internet
// Computer's HTTP gateway protocol (PROTOCOL.md §8): the request and
// response hashes of response verification v2, the IC-CertificateExpression
// language (CEL), the IC-Certificate header, the certification-tree paths
// under "http_expr", and the verification of a (request, response) pair the
// way a gateway does it, for both the legacy v1 scheme ("http_assets") and
// v2.
//
// The verifier mirrors dfinity/response-verification's
// verifyRequestResponsePair:
//
//	IC-Certificate header ─▶ ParseCertificateHeader
//	        │ certificate ─▶ certify: BLS signature, delegation, canister
//	        │                ranges, /time within ±skew of now
//	        │ tree        ─▶ digest == /canister/<id>/certified_data
//	        ▼
//	version 1: http_assets/<path> (or /index.html) == SHA-256(body)
//	version 2: ValidateExprPath (no more specific path may exist)
//	           SHA-256(IC-CertificateExpression) labels the expr_path
//	           no_certification ⇒ done, nothing certified
//	           leaf "" at expr_path · expr_hash · (request_hash | "") · response_hash
//
// Where the specification and the reference implementation disagree the
// implementation is followed (PROTOCOL.md §11 D5–D8): CEL string lists are
// separated by commas and may contain whitespace; query-parameter and header
// names are compared case-insensitively; ":ic-cert-query" is present only
// when a certified parameter occurs in the query.
//
// Canisters (and the asset canister) use the other half: Expression builds
// the exact CEL strings, Certifier keeps the v2 certification tree, computes
// its root hash for certified_data and cuts the witness and IC-Certificate
// header for a response. That half builds for canisters (GOOS=wasip1):
// the verifier's files are left out there (build constraint !wasip1), since
// a canister never verifies a certificate and the BLS library behind
// package certify needs cgo.
//
// Decisions that differ from the reference, each on the safe side:
//
//   - The certificate's /time is compared with now at millisecond
//     precision, bounds included, as the service worker does (its vectors
//     accept a certificate 5 minutes minus a few nanoseconds in the
//     future); a zero now or time window is an error, never "unchecked".
//   - ParseExpression rejects what the reference's lenient parser lets
//     through: trailing text, unknown or repeated properties, a non-empty
//     Empty{}, extra call arguments, backslashes and control characters.
//   - A gzip or deflate v1 body is decoded up to Options.MaxDecodedBody.
//
// Everything here is pure: time is a parameter, nothing reads a clock, the
// network or a global random source, and no input makes it panic.
package httpcert
