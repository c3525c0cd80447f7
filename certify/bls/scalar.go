package bls

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	blst "github.com/supranational/blst/bindings/go"
)

// ScalarSize is the length of an encoded Scalar or SecretKey.
const ScalarSize = 32

// order is r, the order of G1 and G2, big-endian.
var order = [ScalarSize]byte{
	0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48,
	0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
	0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe,
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
}

// Scalar is an element of Fr, the scalar field of BLS12-381 (integers modulo
// the group order r). The zero value is 0. Scalars are values: the
// arithmetic methods return new scalars and never modify their operands.
//
// The methods are not constant-time in every path (Inverse of zero is
// detected); they are meant for public values and secret-sharing
// polynomials, not as a general side-channel-hardened field library.
type Scalar struct {
	s blst.Scalar // little-endian, always reduced below r
}

// ScalarFromBytes decodes a 32-byte big-endian integer. It must be below r;
// zero is allowed.
func ScalarFromBytes(b []byte) (Scalar, error) {
	if len(b) != ScalarSize {
		return Scalar{}, fmt.Errorf("%w: length %d, want %d", ErrMalformedScalar, len(b), ScalarSize)
	}
	if bytes.Compare(b, order[:]) >= 0 {
		return Scalar{}, fmt.Errorf("%w: not below the group order", ErrMalformedScalar)
	}
	return scalarFromReduced(b), nil
}

// scalarFromReduced converts big-endian bytes known to be below r. blst
// reports zero as a failure, so zero is handled here.
func scalarFromReduced(b []byte) Scalar {
	var out Scalar
	if out.s.FromBEndian(b) == nil {
		return Scalar{}
	}
	return out
}

// ScalarFromUint64 returns v as a scalar.
func ScalarFromUint64(v uint64) Scalar {
	var b [ScalarSize]byte
	binary.BigEndian.PutUint64(b[ScalarSize-8:], v)
	return scalarFromReduced(b[:])
}

// RandomScalar returns a uniformly distributed non-zero scalar. It reads 64
// bytes per attempt and reduces them modulo r (the bias is below 2^-250).
func RandomScalar(rand io.Reader) (Scalar, error) {
	if rand == nil {
		return Scalar{}, fmt.Errorf("bls: nil random source")
	}
	var buf [2 * ScalarSize]byte
	for range 8 {
		if _, err := io.ReadFull(rand, buf[:]); err != nil {
			return Scalar{}, fmt.Errorf("bls: reading randomness: %w", err)
		}
		var out Scalar
		if out.s.FromBEndian(buf[:]) != nil { // nil means the result is zero
			return out, nil
		}
	}
	return Scalar{}, fmt.Errorf("bls: random source returned only zero scalars")
}

// Bytes returns the 32-byte big-endian encoding.
func (a Scalar) Bytes() []byte { return a.s.ToBEndian() }

// IsZero reports whether a is 0.
func (a Scalar) IsZero() bool { return a == Scalar{} }

// Equal reports whether a and b are the same field element.
func (a Scalar) Equal(b Scalar) bool { return a == b }

// Add returns a + b mod r.
func (a Scalar) Add(b Scalar) Scalar {
	a.s.AddAssign(&b.s) // a is a copy; the false result only reports zero
	return a
}

// Sub returns a − b mod r.
func (a Scalar) Sub(b Scalar) Scalar {
	a.s.SubAssign(&b.s)
	return a
}

// Mul returns a · b mod r.
func (a Scalar) Mul(b Scalar) Scalar {
	a.s.MulAssign(&b.s)
	return a
}

// Neg returns −a mod r.
func (a Scalar) Neg() Scalar { return Scalar{}.Sub(a) }

// Inverse returns a⁻¹ mod r, or ErrZeroScalar for 0.
func (a Scalar) Inverse() (Scalar, error) {
	if a.IsZero() {
		return Scalar{}, ErrZeroScalar
	}
	return Scalar{*a.s.Inverse()}, nil
}

// String returns the scalar as 0x-prefixed big-endian hex, for tests and
// debugging. Do not print secret scalars.
func (a Scalar) String() string { return fmt.Sprintf("0x%x", a.Bytes()) }
