package bls_test

import (
	"testing"

	"github.com/threshold-ic/threshold/certify/bls"
)

// BenchmarkVerify measures what certificate checking costs per certificate:
// the pairing check of a 46-byte state-root message under a parsed key.
func BenchmarkVerify(b *testing.B) {
	sk := mustKey(b, 1)
	pk := sk.PublicKey()
	msg := stateRootMessage(1)
	sig := sk.Sign(msg)
	for b.Loop() {
		if !pk.Verify(msg, sig) {
			b.Fatal("verify failed")
		}
	}
}

// BenchmarkVerifyBytes includes parsing and group-checking the signature.
func BenchmarkVerifyBytes(b *testing.B) {
	sk := mustKey(b, 1)
	pk := sk.PublicKey()
	msg := stateRootMessage(1)
	sig := sk.Sign(msg).Bytes()
	for b.Loop() {
		if err := bls.Verify(pk, msg, sig); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSign(b *testing.B) {
	sk := mustKey(b, 1)
	msg := stateRootMessage(1)
	for b.Loop() {
		sk.Sign(msg)
	}
}

func BenchmarkPublicKeyFromDER(b *testing.B) {
	der := mustKey(b, 1).PublicKey().DER()
	for b.Loop() {
		if _, err := bls.PublicKeyFromDER(der); err != nil {
			b.Fatal(err)
		}
	}
}
