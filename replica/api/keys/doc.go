// Package keys parses, encodes and verifies with the DER-encoded public keys
// (X.509 SubjectPublicKeyInfo) that the Internet Computer's HTTP interface
// carries: sender keys in request envelopes and delegations, node keys in
// the state tree, and the BLS root key (PROTOCOL.md §3.4; interface spec
// index.md § Signatures).
//
// Parsing is strict. Every supported scheme has one fixed DER prefix per
// point encoding; a key must match it byte for byte, have exactly the
// expected length, and be a valid point of its curve. The DER bytes are
// kept as received, because the sender's principal is the SHA-224 of
// exactly those bytes.
//
// Signature schemes for senders:
//
//   - Ed25519 (RFC 8032), 64-byte signatures over the message.
//   - ECDSA on P-256 and on secp256k1, signatures r‖s (64 bytes) over
//     SHA-256(message). The interface spec does not require low-S, so a
//     high-S signature is accepted, as the DFINITY replica does.
//
// WebAuthn keys (OID 1.3.6.1.4.1.56387.1.1) and canister-signature keys
// (1.3.6.1.4.1.56387.1.2) are recognised and refused with an
// *UnsupportedSchemeError for now: verifying them needs CBOR WebAuthn
// envelopes and certificate verification. BLS12-381 keys (the root and
// subnet keys) are parsed by ParseBLSDER; they are not sender keys, and
// certify/bls verifies their signatures.
package keys
