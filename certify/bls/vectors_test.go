package bls_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/internal/vectors"
)

type blsVector struct {
	Name          string `json:"name"`
	PublicKeyHex  string `json:"public_key_hex"`
	SignatureHex  string `json:"signature_hex"`
	MessageHex    string `json:"message_hex"`
	ExpectedValid bool   `json:"expected_valid"`
}

type blsFile struct {
	Vectors            []blsVector `json:"vectors"`
	CertificateDerived []blsVector `json:"certificate_derived"`
	Parameters         []struct {
		Name     string `json:"name"`
		Value    string `json:"value"`
		BytesHex string `json:"bytes_hex"`
	} `json:"parameters"`
}

func loadVectors(tb testing.TB) blsFile {
	tb.Helper()
	var v blsFile
	vectors.Load(tb, "bls.json", &v)
	if len(v.Vectors) == 0 || len(v.CertificateDerived) == 0 {
		tb.Fatal("bls.json: no vectors")
	}
	return v
}

// TestSpec4_2_Vectors checks every signature vector of bls.json, the raw
// agent-js/agent-go ones and the triples sliced from a mainnet certificate.
func TestSpec4_2_Vectors(t *testing.T) {
	v := loadVectors(t)
	all := append(append([]blsVector{}, v.Vectors...), v.CertificateDerived...)
	for _, tc := range all {
		t.Run(tc.Name, func(t *testing.T) {
			pk, err := bls.PublicKeyFromBytes(vectors.Hex(t, tc.PublicKeyHex))
			if err != nil {
				t.Fatalf("PublicKeyFromBytes: %v", err)
			}
			msg := vectors.Hex(t, tc.MessageHex)
			sig := vectors.Hex(t, tc.SignatureHex)
			err = bls.Verify(pk, msg, sig)
			if tc.ExpectedValid && err != nil {
				t.Fatalf("Verify = %v, want nil", err)
			}
			if !tc.ExpectedValid && !errors.Is(err, bls.ErrInvalidSignature) {
				t.Fatalf("Verify = %v, want ErrInvalidSignature", err)
			}
			// The DER round trip keeps the key.
			der := pk.DER()
			pk2, err := bls.PublicKeyFromDER(der)
			if err != nil || !pk2.Equal(pk) {
				t.Fatalf("DER round trip: %v", err)
			}
		})
	}
}

// TestSpec3_4_Parameters checks the constants against the vector file.
func TestSpec3_4_Parameters(t *testing.T) {
	v := loadVectors(t)
	seen := 0
	for _, p := range v.Parameters {
		switch p.Name {
		case "ciphersuite":
			seen++
			if p.Value != bls.DST {
				t.Errorf("DST = %q, vectors say %q", bls.DST, p.Value)
			}
		case "bls_public_key_der_prefix":
			seen++
			pk := mustKey(t, 1).PublicKey()
			prefix := vectors.Hex(t, p.BytesHex)
			if der := pk.DER(); !bytes.HasPrefix(der, prefix) || len(der) != len(prefix)+bls.PublicKeySize {
				t.Errorf("DER() = %x, want prefix %x", der, prefix)
			}
		}
	}
	if seen != 2 {
		t.Fatalf("found %d of 2 parameters in bls.json", seen)
	}
}

// TestSpec3_4_MainnetRootKeyDER parses the IC root key in its DER form.
func TestSpec3_4_MainnetRootKeyDER(t *testing.T) {
	v := loadVectors(t)
	for _, tc := range v.CertificateDerived {
		if tc.Name != "mainnet_root_key_signs_delegation_certificate" {
			continue
		}
		raw := vectors.Hex(t, tc.PublicKeyHex)
		der := append(vectors.Hex(t, "308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100"), raw...)
		pk, err := bls.PublicKeyFromDER(der)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(pk.Bytes(), raw) || !bytes.Equal(pk.DER(), der) {
			t.Fatal("DER key does not round-trip")
		}
		if err := bls.Verify(pk, vectors.Hex(t, tc.MessageHex), vectors.Hex(t, tc.SignatureHex)); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("root key vector missing")
}
