package bls_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/threshold-ic/threshold/certify/bls"
)

var orderBytes, _ = hex.DecodeString("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001")

func TestScalarEncoding(t *testing.T) {
	rMinus1 := bytes.Clone(orderBytes)
	rMinus1[31] = 0
	for _, b := range [][]byte{make([]byte, 32), rMinus1, bls.ScalarFromUint64(42).Bytes()} {
		s, err := bls.ScalarFromBytes(b)
		if err != nil {
			t.Fatalf("ScalarFromBytes(%x): %v", b, err)
		}
		if !bytes.Equal(s.Bytes(), b) {
			t.Fatalf("round trip %x -> %x", b, s.Bytes())
		}
	}
	for _, b := range [][]byte{nil, make([]byte, 31), make([]byte, 33), orderBytes, bytes.Repeat([]byte{0xff}, 32)} {
		if _, err := bls.ScalarFromBytes(b); !errors.Is(err, bls.ErrMalformedScalar) {
			t.Fatalf("ScalarFromBytes(%x) = %v", b, err)
		}
	}
	if !bls.ScalarFromUint64(0).IsZero() || bls.ScalarFromUint64(1).IsZero() {
		t.Fatal("IsZero")
	}
}

func TestScalarArithmetic(t *testing.T) {
	n := func(v uint64) bls.Scalar { return bls.ScalarFromUint64(v) }
	rnd := seeded(9)
	a, err := bls.RandomScalar(rnd)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := bls.RandomScalar(rnd)

	checks := []struct {
		name     string
		got, exp bls.Scalar
	}{
		{"2+3", n(2).Add(n(3)), n(5)},
		{"2*3", n(2).Mul(n(3)), n(6)},
		{"3-2", n(3).Sub(n(2)), n(1)},
		{"a-a", a.Sub(a), n(0)},
		{"a+(-a)", a.Add(a.Neg()), n(0)},
		{"(a+b)-b", a.Add(b).Sub(b), a},
		{"a*b", a.Mul(b), b.Mul(a)},
		{"a*(b+1)", a.Mul(b.Add(n(1))), a.Mul(b).Add(a)},
		{"0*a", n(0).Mul(a), n(0)},
	}
	for _, c := range checks {
		if !c.got.Equal(c.exp) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.exp)
		}
	}
	// 0 - 1 = r - 1.
	rMinus1 := bytes.Clone(orderBytes)
	rMinus1[31] = 0
	if !bytes.Equal(n(0).Sub(n(1)).Bytes(), rMinus1) {
		t.Errorf("0-1 = %v", n(0).Sub(n(1)))
	}
	inv, err := a.Inverse()
	if err != nil || !inv.Mul(a).Equal(n(1)) {
		t.Errorf("a·a⁻¹ != 1 (%v)", err)
	}
	if _, err := n(0).Inverse(); !errors.Is(err, bls.ErrZeroScalar) {
		t.Errorf("Inverse(0) = %v", err)
	}
}

func TestRandomScalar(t *testing.T) {
	// Reading is deterministic given the source and never returns zero.
	a, _ := bls.RandomScalar(seeded(1))
	b, _ := bls.RandomScalar(seeded(1))
	c, _ := bls.RandomScalar(seeded(2))
	if !a.Equal(b) || a.Equal(c) || a.IsZero() {
		t.Fatal("RandomScalar is not a function of its source")
	}
	// A zero block is skipped.
	src := append(make([]byte, 64), bytes.Repeat([]byte{1}, 64)...)
	s, err := bls.RandomScalar(bytes.NewReader(src))
	if err != nil || s.IsZero() {
		t.Fatalf("RandomScalar = %v, %v", s, err)
	}
}
