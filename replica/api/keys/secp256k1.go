package keys

import (
	"crypto/sha256"
	"encoding/asn1"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

var oidSecp256k1 = asn1.ObjectIdentifier{1, 3, 132, 0, 10}

// DER prefixes of SubjectPublicKeyInfo{id-ecPublicKey, secp256k1} for an
// uncompressed (65-byte) and a compressed (33-byte) point.
var (
	secp256k1Prefix = []byte{0x30, 0x56, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
		0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a, 0x03, 0x42, 0x00}
	secp256k1CompressedPrefix = []byte{0x30, 0x36, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
		0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a, 0x03, 0x22, 0x00}
)

// Secp256k1DERLength is the length of a DER secp256k1 key with an
// uncompressed point.
const Secp256k1DERLength = 88

type secp256k1Key struct {
	der []byte
	pub *secp256k1.PublicKey
}

var _ PublicKey = (*secp256k1Key)(nil)

func (k *secp256k1Key) Scheme() Scheme { return SchemeECDSASecp256k1 }
func (k *secp256k1Key) DER() []byte    { return k.der }

// Verify checks an r‖s signature over SHA-256(msg). High-S is accepted;
// r and s must lie in [1, n-1].
func (k *secp256k1Key) Verify(msg, sig []byte) error {
	if len(sig) != 64 {
		return badSignature(SchemeECDSASecp256k1, "signature is not 64 bytes (r‖s)")
	}
	var r, s secp256k1.ModNScalar
	if r.SetByteSlice(sig[:32]) || r.IsZero() || s.SetByteSlice(sig[32:]) || s.IsZero() {
		return badSignature(SchemeECDSASecp256k1, "r or s out of range")
	}
	h := sha256.Sum256(msg)
	if !ecdsa.NewSignature(&r, &s).Verify(h[:], k.pub) {
		return badSignature(SchemeECDSASecp256k1, "verification failed")
	}
	return nil
}

func parseSecp256k1(der []byte) (PublicKey, error) {
	point, err := ecPoint(der, SchemeECDSASecp256k1, secp256k1Prefix, secp256k1CompressedPrefix)
	if err != nil {
		return nil, err
	}
	pub, err := secp256k1.ParsePubKey(point)
	if err != nil {
		return nil, malformed(SchemeECDSASecp256k1, "%v", err)
	}
	return &secp256k1Key{der: der, pub: pub}, nil
}

// NewSecp256k1 returns the key for a SEC1-encoded secp256k1 point
// (compressed or uncompressed); its DER always carries the uncompressed
// point.
func NewSecp256k1(point []byte) (PublicKey, error) {
	pub, err := secp256k1.ParsePubKey(point)
	if err != nil {
		return nil, malformed(SchemeECDSASecp256k1, "%v", err)
	}
	return parseSecp256k1(append(append([]byte(nil), secp256k1Prefix...), pub.SerializeUncompressed()...))
}
