package bls

import (
	"math/bits"

	blst "github.com/supranational/blst/bindings/go"
)

// CombineSignatures returns Σ coeffs[i]·sigs[i], computed with one
// multi-scalar multiplication. Threshold BLS uses it with Lagrange
// coefficients to interpolate signature shares at zero. The slices must have
// the same non-zero length and every signature must be valid (non-zero).
// A result at infinity is reported as ErrInfinity.
func CombineSignatures(sigs []Signature, coeffs []Scalar) (Signature, error) {
	if len(sigs) == 0 || len(sigs) != len(coeffs) {
		return Signature{}, ErrLengthMismatch
	}
	points := make([]blst.P1Affine, len(sigs))
	scalars := make([]blst.Scalar, len(coeffs))
	for i := range sigs {
		if sigs[i].IsZero() {
			return Signature{}, ErrMalformedSignature
		}
		points[i] = sigs[i].p
		scalars[i] = coeffs[i].s
	}
	sum := blst.P1AffinesMult(points, scalars, 255)
	if sum == nil {
		return Signature{}, ErrLengthMismatch
	}
	p := sum.ToAffine()
	if *p == (blst.P1Affine{}) {
		return Signature{}, ErrInfinity
	}
	return newSignature(*p), nil
}

// EvalCommitments returns Σ coeffs[j]·x^j: the value at x of a polynomial
// whose coefficients are given "in the exponent" as public keys (Feldman
// commitments C_j = a_j·g2). For a secret polynomial f with those
// commitments the result is f(x)·g2, the public key of the share f(x).
//
// It uses Horner's rule, so every step multiplies by the small integer x
// rather than by a full-size scalar. coeffs must be non-empty and without
// nil keys. A result at infinity is reported as ErrInfinity.
func EvalCommitments(coeffs []*PublicKey, x uint64) (*PublicKey, error) {
	if len(coeffs) == 0 {
		return nil, ErrLengthMismatch
	}
	for _, c := range coeffs {
		if c == nil {
			return nil, ErrLengthMismatch
		}
	}
	var xle [8]byte
	for i := range xle {
		xle[i] = byte(x >> (8 * i)) // blst scalars are little-endian
	}
	nbits := bits.Len64(x)
	var acc blst.P2
	acc.FromAffine(&coeffs[len(coeffs)-1].p)
	for j := len(coeffs) - 2; j >= 0; j-- {
		if nbits == 0 {
			acc = blst.P2{} // x = 0: only the constant term remains
		} else {
			acc.MultAssign(xle[:], nbits)
		}
		acc.AddAssign(&coeffs[j].p)
	}
	p := acc.ToAffine()
	if *p == (blst.P2Affine{}) {
		return nil, ErrInfinity
	}
	return newPublicKey(*p), nil
}
