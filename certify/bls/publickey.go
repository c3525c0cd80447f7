package bls

import (
	"bytes"
	"encoding/hex"
	"fmt"

	blst "github.com/supranational/blst/bindings/go"
)

const (
	// PublicKeySize is the length of a compressed G2 public key.
	PublicKeySize = 96
	// DERPublicKeySize is the length of a DER-wrapped public key.
	DERPublicKeySize = len(derPrefix) + PublicKeySize
)

// derPrefix is the SubjectPublicKeyInfo header of IC BLS keys: algorithm OID
// 1.3.6.1.4.1.44668.5.3.1.2.1, curve OID 1.3.6.1.4.1.44668.5.3.2.1, then a
// BIT STRING of 97 bytes (no unused bits) holding the key (PROTOCOL.md §3.4).
var derPrefix = [37]byte{
	0x30, 0x81, 0x82, 0x30, 0x1d, 0x06, 0x0d, 0x2b, 0x06, 0x01, 0x04, 0x01,
	0x82, 0xdc, 0x7c, 0x05, 0x03, 0x01, 0x02, 0x01, 0x06, 0x0c, 0x2b, 0x06,
	0x01, 0x04, 0x01, 0x82, 0xdc, 0x7c, 0x05, 0x03, 0x02, 0x01, 0x03, 0x61,
	0x00,
}

// PublicKey is a parsed and validated BLS public key: a G2 point of the
// prime-order subgroup, not the point at infinity. It is immutable and can be
// shared; parse a key once and reuse it.
type PublicKey struct {
	p blst.P2Affine
	b [PublicKeySize]byte
}

func newPublicKey(p blst.P2Affine) *PublicKey {
	pk := &PublicKey{p: p}
	copy(pk.b[:], p.Compress())
	return pk
}

// PublicKeyFromBytes parses a 96-byte compressed G2 point. It rejects
// non-canonical encodings, points not on the curve, the point at infinity
// and points outside the prime-order subgroup.
func PublicKeyFromBytes(b []byte) (*PublicKey, error) {
	if len(b) != PublicKeySize {
		return nil, fmt.Errorf("%w: length %d, want %d", ErrMalformedPublicKey, len(b), PublicKeySize)
	}
	var p blst.P2Affine
	if p.Uncompress(b) == nil {
		return nil, fmt.Errorf("%w: not a compressed point on the curve", ErrMalformedPublicKey)
	}
	if p == (blst.P2Affine{}) {
		return nil, fmt.Errorf("%w: point at infinity", ErrMalformedPublicKey)
	}
	if !p.InG2() {
		return nil, fmt.Errorf("%w: not in the prime-order subgroup", ErrMalformedPublicKey)
	}
	pk := newPublicKey(p)
	if !bytes.Equal(pk.b[:], b) {
		return nil, fmt.Errorf("%w: non-canonical encoding", ErrMalformedPublicKey)
	}
	return pk, nil
}

// PublicKeyFromDER parses the 133-byte DER form: the fixed 37-byte prefix
// followed by the compressed key. Length and prefix must match exactly.
func PublicKeyFromDER(der []byte) (*PublicKey, error) {
	if len(der) != DERPublicKeySize {
		return nil, fmt.Errorf("%w: length %d, want %d", ErrMalformedDER, len(der), DERPublicKeySize)
	}
	if !bytes.Equal(der[:len(derPrefix)], derPrefix[:]) {
		return nil, fmt.Errorf("%w: prefix mismatch", ErrMalformedDER)
	}
	return PublicKeyFromBytes(der[len(derPrefix):])
}

// Bytes returns the 96-byte compressed encoding.
func (pk *PublicKey) Bytes() []byte { return bytes.Clone(pk.b[:]) }

// DER returns the 133-byte DER encoding.
func (pk *PublicKey) DER() []byte {
	out := make([]byte, 0, DERPublicKeySize)
	out = append(out, derPrefix[:]...)
	return append(out, pk.b[:]...)
}

// Equal reports whether pk and other are the same key. Two nil keys are
// equal.
func (pk *PublicKey) Equal(other *PublicKey) bool {
	if pk == nil || other == nil {
		return pk == other
	}
	return pk.b == other.b
}

// String returns the compressed key in hex.
func (pk *PublicKey) String() string { return hex.EncodeToString(pk.b[:]) }
