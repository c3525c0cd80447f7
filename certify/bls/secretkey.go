package bls

import (
	"fmt"
	"io"

	blst "github.com/supranational/blst/bindings/go"
)

// SecretKeySize is the length of an encoded secret key.
const SecretKeySize = ScalarSize

// SecretKey is a BLS secret key: a non-zero scalar s. Its public key is s·g2
// and it signs m as s·H(m). A SecretKey is immutable.
type SecretKey struct {
	s blst.Scalar
}

// GenerateKey returns a new key drawn from rand.
func GenerateKey(rand io.Reader) (*SecretKey, error) {
	s, err := RandomScalar(rand)
	if err != nil {
		return nil, err
	}
	return &SecretKey{s.s}, nil
}

// SecretKeyFromScalar returns the key with scalar s; s must be non-zero.
func SecretKeyFromScalar(s Scalar) (*SecretKey, error) {
	if s.IsZero() {
		return nil, fmt.Errorf("%w: secret key", ErrZeroScalar)
	}
	return &SecretKey{s.s}, nil
}

// SecretKeyFromBytes decodes a 32-byte big-endian scalar s with 0 < s < r.
func SecretKeyFromBytes(b []byte) (*SecretKey, error) {
	s, err := ScalarFromBytes(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedSecretKey, err)
	}
	if s.IsZero() {
		return nil, fmt.Errorf("%w: zero", ErrMalformedSecretKey)
	}
	return &SecretKey{s.s}, nil
}

// Bytes returns the 32-byte big-endian encoding of the key.
func (sk *SecretKey) Bytes() []byte { return sk.s.ToBEndian() }

// Scalar returns the key as a field element.
func (sk *SecretKey) Scalar() Scalar { return Scalar{sk.s} }

// PublicKey returns s·g2.
func (sk *SecretKey) PublicKey() *PublicKey {
	var p blst.P2Affine
	p.From(&sk.s)
	return newPublicKey(p)
}

// Sign returns the signature s·H(msg) of msg.
func (sk *SecretKey) Sign(msg []byte) Signature {
	var p blst.P1Affine
	p.Sign(&sk.s, msg, dst)
	return newSignature(p)
}
