package threshold

import (
	"fmt"

	"github.com/threshold-ic/threshold/certify/bls"
)

// Combine interpolates t signature shares at zero and returns the group
// signature. n is the number of nodes, for the index check. All given
// shares must have distinct indices in 1..n; if more than t are given, the
// first t (in slice order) are used.
//
// Combine does not verify the shares: one bad share yields a wrong
// signature. Verify shares first (Dealing.VerifySignatureShare, or use a
// Collector), or verify the result under the group key.
func Combine(t, n int, shares []SignatureShare) (bls.Signature, error) {
	if err := checkParams(t, n); err != nil {
		return bls.Signature{}, err
	}
	seen := make(map[int]bool, len(shares))
	for _, s := range shares {
		if err := checkIndex(s.Index, n); err != nil {
			return bls.Signature{}, err
		}
		if seen[s.Index] {
			return bls.Signature{}, fmt.Errorf("%w: %d", ErrDuplicateIndex, s.Index)
		}
		seen[s.Index] = true
		if s.Signature.IsZero() {
			return bls.Signature{}, fmt.Errorf("%w: index %d: zero signature", ErrInvalidSignatureShare, s.Index)
		}
	}
	if len(shares) < t {
		return bls.Signature{}, fmt.Errorf("%w: %d of %d", ErrTooFewShares, len(shares), t)
	}
	shares = shares[:t]
	xs := make([]int, t)
	sigs := make([]bls.Signature, t)
	for i, s := range shares {
		xs[i], sigs[i] = s.Index, s.Signature
	}
	lambdas, err := lagrangeAtZero(xs)
	if err != nil {
		return bls.Signature{}, err
	}
	sig, err := bls.CombineSignatures(sigs, lambdas)
	if err != nil {
		return bls.Signature{}, fmt.Errorf("threshold: combining: %w", err)
	}
	return sig, nil
}

// Combine is Combine(d.Threshold(), d.Nodes(), shares).
func (d *Dealing) Combine(shares []SignatureShare) (bls.Signature, error) {
	return Combine(d.Threshold(), d.n, shares)
}

// lagrangeAtZero returns λ_i = Π_{j≠i} x_j / (x_j − x_i) for distinct
// non-zero xs, so that f(0) = Σ λ_i·f(x_i) for every polynomial f of degree
// below len(xs). Numerators come from prefix and suffix products; the
// denominators are inverted together with one field inversion.
func lagrangeAtZero(xs []int) ([]bls.Scalar, error) {
	k := len(xs)
	one := bls.ScalarFromUint64(1)
	x := make([]bls.Scalar, k)
	for i, v := range xs {
		x[i] = bls.ScalarFromUint64(uint64(v))
	}
	// suffix[i] = Π_{j≥i} x_j
	suffix := make([]bls.Scalar, k+1)
	suffix[k] = one
	for i := k - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1].Mul(x[i])
	}
	num := make([]bls.Scalar, k)
	den := make([]bls.Scalar, k)
	prefix := one
	for i := range k {
		num[i] = prefix.Mul(suffix[i+1])
		prefix = prefix.Mul(x[i])
		d := one
		for j := range k {
			if j != i {
				d = d.Mul(x[j].Sub(x[i]))
			}
		}
		den[i] = d
	}
	inv, err := batchInverse(den)
	if err != nil {
		return nil, fmt.Errorf("%w: indices not distinct", ErrDuplicateIndex)
	}
	for i := range num {
		num[i] = num[i].Mul(inv[i])
	}
	return num, nil
}

// batchInverse inverts every element with one inversion (Montgomery's
// trick). It fails if any element is zero.
func batchInverse(v []bls.Scalar) ([]bls.Scalar, error) {
	prod := make([]bls.Scalar, len(v)) // prod[i] = v_0·…·v_i
	acc := bls.ScalarFromUint64(1)
	for i, e := range v {
		acc = acc.Mul(e)
		prod[i] = acc
	}
	inv, err := acc.Inverse()
	if err != nil {
		return nil, err
	}
	out := make([]bls.Scalar, len(v))
	for i := len(v) - 1; i > 0; i-- {
		out[i] = inv.Mul(prod[i-1])
		inv = inv.Mul(v[i])
	}
	out[0] = inv
	return out, nil
}
