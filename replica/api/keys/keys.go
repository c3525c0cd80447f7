package keys

import (
	"bytes"
	"errors"
	"fmt"
)

// Scheme names a public-key signature scheme.
type Scheme uint8

// Schemes of the interface spec.
const (
	SchemeUnknown Scheme = iota
	SchemeEd25519
	SchemeECDSAP256
	SchemeECDSASecp256k1
	SchemeBLS12381G2
	SchemeWebAuthn
	SchemeCanisterSig
)

var schemeNames = [...]string{"unknown", "ed25519", "ecdsa-p256", "ecdsa-secp256k1", "bls12-381-g2", "webauthn", "canister-signature"}

func (s Scheme) String() string {
	if int(s) < len(schemeNames) {
		return schemeNames[s]
	}
	return "unknown"
}

// Errors returned by this package.
var (
	// ErrMalformed reports DER that is not a well-formed key of a known
	// scheme: wrong prefix, wrong length, or a point not on the curve.
	ErrMalformed = errors.New("keys: malformed public key")
	// ErrUnsupported reports a recognised scheme that cannot verify sender
	// signatures here; errors.As gives the *UnsupportedSchemeError.
	ErrUnsupported = errors.New("keys: unsupported signature scheme")
	// ErrSignature reports a signature that does not verify.
	ErrSignature = errors.New("keys: invalid signature")
)

// UnsupportedSchemeError reports a public key of a scheme that this
// package recognises but does not verify (or an unknown algorithm OID).
type UnsupportedSchemeError struct {
	Scheme Scheme
	OID    string // the algorithm OID in dotted form, if it could be read
}

func (e *UnsupportedSchemeError) Error() string {
	if e.Scheme == SchemeUnknown {
		return fmt.Sprintf("keys: unsupported public key algorithm %s", e.OID)
	}
	return fmt.Sprintf("keys: %s keys are not supported as sender keys (OID %s)", e.Scheme, e.OID)
}

// Unwrap makes errors.Is(err, ErrUnsupported) hold.
func (e *UnsupportedSchemeError) Unwrap() error { return ErrUnsupported }

// PublicKey is a parsed sender public key.
type PublicKey interface {
	// Scheme reports the signature scheme.
	Scheme() Scheme
	// DER returns the SubjectPublicKeyInfo bytes the key was parsed from
	// (or encoded to). The caller must not modify them.
	DER() []byte
	// Verify checks sig over msg; it returns nil or an error wrapping
	// ErrSignature.
	Verify(msg, sig []byte) error
}

// ParseDER parses a sender public key: Ed25519, ECDSA P-256 or ECDSA
// secp256k1. Other well-formed keys give an *UnsupportedSchemeError;
// anything else an error wrapping ErrMalformed.
func ParseDER(der []byte) (PublicKey, error) {
	switch {
	case bytes.HasPrefix(der, ed25519Prefix):
		return parseEd25519(der)
	case bytes.HasPrefix(der, p256Prefix), bytes.HasPrefix(der, p256CompressedPrefix):
		return parseP256(der)
	case bytes.HasPrefix(der, secp256k1Prefix), bytes.HasPrefix(der, secp256k1CompressedPrefix):
		return parseSecp256k1(der)
	}
	return nil, classify(der)
}

func malformed(s Scheme, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrMalformed, s, fmt.Sprintf(format, args...))
}

func badSignature(s Scheme, why string) error {
	return fmt.Errorf("%w: %s: %s", ErrSignature, s, why)
}
