package threshold

import (
	"fmt"
	"io"

	"github.com/threshold-ic/threshold/certify/bls"
)

// MaxNodes bounds n, the number of nodes sharing a key. IC subnets have at
// most a few dozen nodes; the bound keeps hostile dealings cheap to reject.
const MaxNodes = 1024

// Dealing is the public part of a (t, n) threshold key: the Feldman
// commitments C_0..C_{t−1} to the sharing polynomial and the number of nodes
// n. C_0 is the group public key. A Dealing is immutable and safe to share.
type Dealing struct {
	n           int
	commitments []*bls.PublicKey
}

// SecretShare is node Index's share f(Index) of the group secret; it is an
// ordinary BLS secret key. Index is the node's position + 1.
type SecretShare struct {
	Index int
	Key   *bls.SecretKey
}

// Deal creates a fresh (t, n) key with a random group secret.
func Deal(rand io.Reader, t, n int) (*Dealing, []SecretShare, error) {
	if err := checkParams(t, n); err != nil {
		return nil, nil, err
	}
	secret, err := bls.GenerateKey(rand)
	if err != nil {
		return nil, nil, err
	}
	return DealSecret(rand, secret, t, n)
}

// DealSecret shares secret among n nodes with threshold t. The polynomial's
// other coefficients are drawn from rand; the group public key is
// secret.PublicKey(). The returned shares are in index order: shares[p] is
// the share of node position p, index p+1.
func DealSecret(rand io.Reader, secret *bls.SecretKey, t, n int) (*Dealing, []SecretShare, error) {
	if err := checkParams(t, n); err != nil {
		return nil, nil, err
	}
	if secret == nil {
		return nil, nil, fmt.Errorf("threshold: nil secret")
	}
	coeffs := make([]bls.Scalar, t)
	coeffs[0] = secret.Scalar()
	commitments := make([]*bls.PublicKey, t)
	commitments[0] = secret.PublicKey()
	for j := 1; j < t; j++ {
		a, err := bls.RandomScalar(rand) // never zero, so C_j is a valid key
		if err != nil {
			return nil, nil, err
		}
		sk, err := bls.SecretKeyFromScalar(a)
		if err != nil {
			return nil, nil, err
		}
		coeffs[j], commitments[j] = a, sk.PublicKey()
	}
	shares := make([]SecretShare, n)
	for p := range shares {
		key, err := bls.SecretKeyFromScalar(evalPoly(coeffs, uint64(p+1)))
		if err != nil { // f(i) = 0: probability 2^-255 per share
			return nil, nil, fmt.Errorf("threshold: share %d is zero, deal again: %w", p+1, err)
		}
		shares[p] = SecretShare{Index: p + 1, Key: key}
	}
	return &Dealing{n: n, commitments: commitments}, shares, nil
}

// evalPoly returns Σ coeffs[j]·x^j by Horner's rule.
func evalPoly(coeffs []bls.Scalar, x uint64) bls.Scalar {
	xs := bls.ScalarFromUint64(x)
	acc := coeffs[len(coeffs)-1]
	for j := len(coeffs) - 2; j >= 0; j-- {
		acc = acc.Mul(xs).Add(coeffs[j])
	}
	return acc
}

// Threshold returns t, the number of shares needed to sign.
func (d *Dealing) Threshold() int { return len(d.commitments) }

// Nodes returns n, the number of shares dealt.
func (d *Dealing) Nodes() int { return d.n }

// PublicKey returns the group public key C_0 (nil for a zero Dealing, which
// is not a valid dealing; dealings come from Deal, DealSecret or parsing).
func (d *Dealing) PublicKey() *bls.PublicKey {
	if len(d.commitments) == 0 {
		return nil
	}
	return d.commitments[0]
}

// PublicKeyShare returns the public key of share index: Σ_j C_j·index^j.
func (d *Dealing) PublicKeyShare(index int) (*bls.PublicKey, error) {
	if err := checkIndex(index, d.n); err != nil {
		return nil, err
	}
	return bls.EvalCommitments(d.commitments, uint64(index))
}

// VerifyShare checks a dealt secret share against the commitments:
// s_i·g2 == Σ_j C_j·i^j.
func (d *Dealing) VerifyShare(s SecretShare) error {
	if s.Key == nil {
		return fmt.Errorf("%w: nil key", ErrInvalidSecretShare)
	}
	pk, err := d.PublicKeyShare(s.Index)
	if err != nil {
		return err
	}
	if !s.Key.PublicKey().Equal(pk) {
		return fmt.Errorf("%w: index %d", ErrInvalidSecretShare, s.Index)
	}
	return nil
}

// Equal reports whether d and other describe the same key and sharing.
func (d *Dealing) Equal(other *Dealing) bool {
	if d == nil || other == nil {
		return d == other
	}
	if d.n != other.n || len(d.commitments) != len(other.commitments) {
		return false
	}
	for j, c := range d.commitments {
		if !c.Equal(other.commitments[j]) {
			return false
		}
	}
	return true
}
