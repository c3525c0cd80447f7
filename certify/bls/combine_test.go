package bls_test

import (
	"errors"
	"testing"

	"github.com/threshold-ic/threshold/certify/bls"
)

func TestCombineSignatures(t *testing.T) {
	msg := []byte("combine")
	k1, k2 := mustKey(t, 1), mustKey(t, 2)
	a, b := bls.ScalarFromUint64(3), bls.ScalarFromUint64(5)
	// 3·σ1 + 5·σ2 is the signature of the key 3·k1 + 5·k2.
	want, err := bls.SecretKeyFromScalar(k1.Scalar().Mul(a).Add(k2.Scalar().Mul(b)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := bls.CombineSignatures([]bls.Signature{k1.Sign(msg), k2.Sign(msg)}, []bls.Scalar{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(want.Sign(msg)) || !want.PublicKey().Verify(msg, got) {
		t.Fatal("linear combination mismatch")
	}

	sig := k1.Sign(msg)
	for name, tc := range map[string]struct {
		sigs   []bls.Signature
		coeffs []bls.Scalar
		want   error
	}{
		"empty":    {nil, nil, bls.ErrLengthMismatch},
		"mismatch": {[]bls.Signature{sig}, []bls.Scalar{a, b}, bls.ErrLengthMismatch},
		"zero sig": {[]bls.Signature{{}}, []bls.Scalar{a}, bls.ErrMalformedSignature},
		"cancels":  {[]bls.Signature{sig, sig}, []bls.Scalar{a, a.Neg()}, bls.ErrInfinity},
		"zero":     {[]bls.Signature{sig}, []bls.Scalar{{}}, bls.ErrInfinity},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := bls.CombineSignatures(tc.sigs, tc.coeffs); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestEvalCommitments(t *testing.T) {
	// f(x) = a0 + a1·x + a2·x²; commitments a_j·g2; compare with f(x)·g2.
	rnd := seeded(3)
	var coeffs []bls.Scalar
	var commits []*bls.PublicKey
	for range 3 {
		s, err := bls.RandomScalar(rnd)
		if err != nil {
			t.Fatal(err)
		}
		sk, _ := bls.SecretKeyFromScalar(s)
		coeffs = append(coeffs, s)
		commits = append(commits, sk.PublicKey())
	}
	for _, x := range []uint64{1, 2, 7, 40, 1 << 20} {
		xs := bls.ScalarFromUint64(x)
		f := coeffs[0].Add(coeffs[1].Mul(xs)).Add(coeffs[2].Mul(xs).Mul(xs))
		sk, _ := bls.SecretKeyFromScalar(f)
		got, err := bls.EvalCommitments(commits, x)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(sk.PublicKey()) {
			t.Fatalf("x=%d: mismatch", x)
		}
	}
	if got, err := bls.EvalCommitments(commits, 0); err != nil || !got.Equal(commits[0]) {
		t.Fatalf("x=0: %v", err)
	}
	if _, err := bls.EvalCommitments(nil, 1); !errors.Is(err, bls.ErrLengthMismatch) {
		t.Fatalf("empty: %v", err)
	}
	if _, err := bls.EvalCommitments([]*bls.PublicKey{nil}, 1); !errors.Is(err, bls.ErrLengthMismatch) {
		t.Fatalf("nil key: %v", err)
	}
}

// TestCombineManySignatures crosses blst's 32-point threshold between
// per-point multiplication and Pippenger's algorithm.
func TestCombineManySignatures(t *testing.T) {
	msg := []byte("many")
	for _, n := range []int{1, 31, 32, 40} {
		var sigs []bls.Signature
		var coeffs []bls.Scalar
		sum := bls.Scalar{}
		rnd := seeded(uint64(n))
		for range n {
			k, err := bls.GenerateKey(rnd)
			if err != nil {
				t.Fatal(err)
			}
			c, _ := bls.RandomScalar(rnd)
			sigs = append(sigs, k.Sign(msg))
			coeffs = append(coeffs, c)
			sum = sum.Add(k.Scalar().Mul(c))
		}
		want, _ := bls.SecretKeyFromScalar(sum)
		got, err := bls.CombineSignatures(sigs, coeffs)
		if err != nil || !got.Equal(want.Sign(msg)) {
			t.Fatalf("n=%d: wrong combination (%v)", n, err)
		}
	}
}
