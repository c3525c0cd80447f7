package bls_test

import (
	"bytes"
	"testing"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/internal/vectors"
)

// FuzzPublicKeyFromDER: parsing never panics, and what parses re-encodes to
// the same bytes.
func FuzzPublicKeyFromDER(f *testing.F) {
	f.Add(mustKey(f, 1).PublicKey().DER())
	for _, v := range loadVectors(f).CertificateDerived {
		f.Add(append(mustKey(f, 1).PublicKey().DER()[:37], vectors.Hex(f, v.PublicKeyHex)...))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		pk, err := bls.PublicKeyFromDER(b)
		if err != nil {
			return
		}
		if !bytes.Equal(pk.DER(), b) {
			t.Fatalf("DER() = %x, parsed from %x", pk.DER(), b)
		}
	})
}

// FuzzPublicKeyFromBytes: as above, for raw 96-byte keys.
func FuzzPublicKeyFromBytes(f *testing.F) {
	for _, v := range loadVectors(f).Vectors {
		f.Add(vectors.Hex(f, v.PublicKeyHex))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pk, err := bls.PublicKeyFromBytes(b)
		if err != nil {
			return
		}
		if !bytes.Equal(pk.Bytes(), b) {
			t.Fatalf("Bytes() = %x, parsed from %x", pk.Bytes(), b)
		}
	})
}

// FuzzSignatureFromBytes: parsing never panics, and what parses re-encodes
// to the same bytes.
func FuzzSignatureFromBytes(f *testing.F) {
	for _, v := range loadVectors(f).Vectors {
		f.Add(vectors.Hex(f, v.SignatureHex))
	}
	f.Add(mustKey(f, 1).Sign(nil).Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := bls.SignatureFromBytes(b)
		if err != nil {
			return
		}
		if !bytes.Equal(s.Bytes(), b) {
			t.Fatalf("Bytes() = %x, parsed from %x", s.Bytes(), b)
		}
	})
}

// FuzzVerify: arbitrary keys, messages and signatures never panic, and the
// only accepted triples are those the fixed key really signed.
func FuzzVerify(f *testing.F) {
	sk := mustKey(f, 1)
	for _, v := range loadVectors(f).Vectors {
		f.Add(vectors.Hex(f, v.PublicKeyHex), vectors.Hex(f, v.MessageHex), vectors.Hex(f, v.SignatureHex))
	}
	f.Add(sk.PublicKey().Bytes(), []byte("hello"), sk.Sign([]byte("hello")).Bytes())
	f.Fuzz(func(t *testing.T, key, msg, sig []byte) {
		pk, err := bls.PublicKeyFromBytes(key)
		if err != nil {
			return
		}
		if bls.Verify(pk, msg, sig) == nil && pk.Equal(sk.PublicKey()) && !bytes.Equal(sk.Sign(msg).Bytes(), sig) {
			t.Fatalf("forged signature %x of %x accepted", sig, msg)
		}
	})
}
