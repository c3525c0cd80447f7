// Package envelope decodes, encodes, hashes and authenticates the signed
// request envelopes of the Internet Computer's HTTP interface: the CBOR
// bodies of call, query and read_state requests (PROTOCOL.md §1.2–§1.4 and
// §2; interface spec https-interface.md § Authentication, § Request ids).
//
// The package is a pure core: Decode turns bytes into an Envelope, RequestID
// hashes its content, and Verify decides whether the envelope is
// authentic at a given time for a given endpoint. Nothing here reads the
// clock; the caller passes now.
//
// # Strictness
//
// Decoding follows the interface spec's CBOR conventions and is stricter
// than serde in one respect. The DFINITY replica ignores content fields it
// does not know and computes the request id from the fields it does, so a
// client that sent (and signed over) an extra field is refused later with
// a confusing signature failure, and an anonymous client polls a request id
// the replica never issued. The request id must cover exactly what was
// sent, so this package refuses unknown content fields, unknown delegation
// fields and unknown sender_info fields with 400. Unknown envelope-level
// fields, which no hash covers, are ignored as the replica ignores them.
//
// # Errors
//
// Every failure is an *Error carrying the HTTP status the replica answers
// with: 400 for malformed bodies and for ingress or delegation expiry
// outside the accepted window (text starting "Invalid request expiry: ",
// which @icp-sdk/core matches to resynchronise its clock), 403 "Failed to
// authenticate request 0x<id> due to: …" for signature, sender and
// delegation failures.
package envelope
