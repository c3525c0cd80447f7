package bls

import (
	"bytes"
	"encoding/hex"
	"fmt"

	blst "github.com/supranational/blst/bindings/go"
)

// SignatureSize is the length of a compressed G1 signature.
const SignatureSize = 48

// Signature is a parsed BLS signature: a G1 point of the prime-order
// subgroup, not the point at infinity. Signatures are small immutable values.
// The zero Signature is not valid: it never verifies and its Bytes are all
// zero.
type Signature struct {
	p blst.P1Affine
	b [SignatureSize]byte
}

func newSignature(p blst.P1Affine) Signature {
	s := Signature{p: p}
	copy(s.b[:], p.Compress())
	return s
}

// SignatureFromBytes parses a 48-byte compressed G1 point. It rejects
// non-canonical encodings, points not on the curve, the point at infinity
// and points outside the prime-order subgroup.
func SignatureFromBytes(b []byte) (Signature, error) {
	if len(b) != SignatureSize {
		return Signature{}, fmt.Errorf("%w: length %d, want %d", ErrMalformedSignature, len(b), SignatureSize)
	}
	var p blst.P1Affine
	if p.Uncompress(b) == nil {
		return Signature{}, fmt.Errorf("%w: not a compressed point on the curve", ErrMalformedSignature)
	}
	if p == (blst.P1Affine{}) {
		return Signature{}, fmt.Errorf("%w: point at infinity", ErrMalformedSignature)
	}
	if !p.InG1() {
		return Signature{}, fmt.Errorf("%w: not in the prime-order subgroup", ErrMalformedSignature)
	}
	s := newSignature(p)
	if !bytes.Equal(s.b[:], b) {
		return Signature{}, fmt.Errorf("%w: non-canonical encoding", ErrMalformedSignature)
	}
	return s, nil
}

// Bytes returns the 48-byte compressed encoding.
func (s Signature) Bytes() []byte { return bytes.Clone(s.b[:]) }

// Equal reports whether s and other are the same signature.
func (s Signature) Equal(other Signature) bool { return s.b == other.b }

// IsZero reports whether s is the zero (invalid) Signature.
func (s Signature) IsZero() bool { return s.p == blst.P1Affine{} }

// String returns the compressed signature in hex.
func (s Signature) String() string { return hex.EncodeToString(s.b[:]) }
