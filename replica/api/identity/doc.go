// Package identity holds signing identities for Internet Computer clients
// and tests: Ed25519, ECDSA secp256k1 and ECDSA P-256 keys, the anonymous
// identity, and delegated identities that sign through a chain of
// delegations (PROTOCOL.md §1.2, §3.4).
//
// Keys load from and save to PEM as dfx and icp-cli write them: Ed25519 as
// PKCS#8 "PRIVATE KEY" (the 48-byte v1 form OpenSSL writes and the 85-byte
// v2 form with the public key that dfx writes through ring), secp256k1 as
// SEC1 "EC PRIVATE KEY" (optionally preceded by an "EC PARAMETERS" block)
// or PKCS#8. Encrypted PEMs are refused with ErrEncrypted.
//
// SignEnvelope turns request content into an envelope.Envelope that
// envelope.Verify accepts. Randomness is always a parameter: Generate
// takes an io.Reader, Ed25519 and secp256k1 signatures are deterministic
// (RFC 8032, RFC 6979), and a P-256 identity signs with the reader it was
// made with.
package identity
