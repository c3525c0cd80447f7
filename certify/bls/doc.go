// Package bls implements the BLS signature scheme the Internet Computer uses
// to certify state: BLS12-381 in the minimal-signature-size variant
// (PROTOCOL.md §4.2).
//
//   - A signature is a compressed G1 point (48 bytes).
//   - A public key is a compressed G2 point (96 bytes); its DER form is a
//     fixed 37-byte SubjectPublicKeyInfo prefix followed by those 96 bytes
//     (133 bytes, PROTOCOL.md §3.4).
//   - Messages are hashed to G1 with the ciphersuite tag
//     BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_, without a pre-hash. A
//     certificate signs the 46 bytes "\x0dic-state-root" ‖ root hash.
//   - Verification checks e(sig, g2) == e(H(msg), pk).
//
// This is the only package of the module that imports
// github.com/supranational/blst; no blst type appears in its API. Points are
// parsed, checked for canonical encoding, for the point at infinity and for
// membership of the prime-order subgroup once, when they enter the program
// (PublicKeyFromBytes, PublicKeyFromDER, SignatureFromBytes). Parsed values
// are immutable and safe to share between goroutines; the expensive part of
// using a key, its parsing, is therefore done once per key.
//
// Besides plain signing and verification the package offers the few field and
// group operations that threshold BLS needs (package certify/threshold):
// the scalar field Fr (Scalar), secret keys from scalars, evaluation of a
// polynomial whose coefficients are public keys (Feldman commitments,
// EvalCommitments) and linear combinations of signatures (CombineSignatures).
//
// Randomness is always an io.Reader supplied by the caller; the package has no
// global state besides constants.
package bls
