package threshold_test

import (
	"testing"

	"github.com/threshold-ic/threshold/certify/threshold"
)

// BenchmarkCombine9of13 combines 9 verified shares (Lagrange coefficients
// and one multi-scalar multiplication in G1).
func BenchmarkCombine9of13(b *testing.B) {
	f := deal(b, 1, 9, 13)
	sigs := signAll(f.shares, stateRoot)[2:11]
	for b.Loop() {
		if _, err := f.dealing.Combine(sigs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCombine27of40(b *testing.B) {
	f := deal(b, 1, 27, 40)
	sigs := signAll(f.shares, stateRoot)[13:]
	for b.Loop() {
		if _, err := f.dealing.Combine(sigs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyShare checks one dealt secret share of a 9-of-13 key.
func BenchmarkVerifyShare(b *testing.B) {
	f := deal(b, 1, 9, 13)
	s := f.shares[12]
	for b.Loop() {
		if err := f.dealing.VerifyShare(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifySignatureShare derives the key share and checks one
// signature share (9-of-13).
func BenchmarkVerifySignatureShare(b *testing.B) {
	f := deal(b, 1, 9, 13)
	s := f.shares[12].Sign(stateRoot)
	for b.Loop() {
		if err := f.dealing.VerifySignatureShare(s.Index, stateRoot, s.Signature); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeal deals a 9-of-13 key.
func BenchmarkDeal(b *testing.B) {
	rnd := seeded(1)
	for b.Loop() {
		if _, _, err := threshold.Deal(rnd, 9, 13); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCollector9of13 feeds 9 shares to a collector until Reached.
func BenchmarkCollector9of13(b *testing.B) {
	f := deal(b, 1, 9, 13)
	sigs := signAll(f.shares, stateRoot)[:9]
	for b.Loop() {
		c, _ := threshold.NewCollector(f.dealing, stateRoot)
		for _, s := range sigs {
			if _, err := c.Add(s.Index, s.Signature.Bytes()); err != nil {
				b.Fatal(err)
			}
		}
		if c.Status() != threshold.Reached {
			b.Fatal(c.Status())
		}
	}
}

func BenchmarkParseDealing9of13(b *testing.B) {
	enc := deal(b, 1, 9, 13).dealing.Bytes()
	for b.Loop() {
		if _, err := threshold.DealingFromBytes(enc); err != nil {
			b.Fatal(err)
		}
	}
}
