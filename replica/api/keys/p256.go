package keys

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/asn1"
	"math/big"
)

var oidP256 = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}

// DER prefixes of SubjectPublicKeyInfo{id-ecPublicKey, prime256v1} for
// an uncompressed (65-byte) and a compressed (33-byte) point (RFC 5480).
var (
	p256Prefix = []byte{0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
		0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00}
	p256CompressedPrefix = []byte{0x30, 0x39, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
		0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x22, 0x00}
)

// P256DERLength is the length of a DER P-256 key with an uncompressed point.
const P256DERLength = 91

type p256Key struct {
	der []byte
	pub *ecdsa.PublicKey
}

var _ PublicKey = (*p256Key)(nil)

func (k *p256Key) Scheme() Scheme { return SchemeECDSAP256 }
func (k *p256Key) DER() []byte    { return k.der }

// Verify checks an r‖s signature over SHA-256(msg). High-S is accepted.
func (k *p256Key) Verify(msg, sig []byte) error {
	if len(sig) != 64 {
		return badSignature(SchemeECDSAP256, "signature is not 64 bytes (r‖s)")
	}
	h := sha256.Sum256(msg)
	r := new(big.Int).SetBytes(sig[:32])
	s := new(big.Int).SetBytes(sig[32:])
	if !ecdsa.Verify(k.pub, h[:], r, s) {
		return badSignature(SchemeECDSAP256, "verification failed")
	}
	return nil
}

func parseP256(der []byte) (PublicKey, error) {
	point, err := ecPoint(der, SchemeECDSAP256, p256Prefix, p256CompressedPrefix)
	if err != nil {
		return nil, err
	}
	pub, err := p256Point(point)
	if err != nil {
		return nil, err
	}
	return &p256Key{der: der, pub: pub}, nil
}

// p256Point decodes a SEC1 point, compressed or uncompressed, and checks
// that it is on the curve.
func p256Point(point []byte) (*ecdsa.PublicKey, error) {
	if len(point) == 33 && (point[0] == 0x02 || point[0] == 0x03) {
		x, y := elliptic.UnmarshalCompressed(elliptic.P256(), point)
		if x == nil {
			return nil, malformed(SchemeECDSAP256, "not a point on the curve")
		}
		u := make([]byte, 65)
		u[0] = 0x04
		x.FillBytes(u[1:33])
		y.FillBytes(u[33:])
		point = u
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), point)
	if err != nil {
		return nil, malformed(SchemeECDSAP256, "%v", err)
	}
	return pub, nil
}

// NewP256 returns the key for a SEC1-encoded P-256 point (compressed or
// uncompressed); its DER always carries the uncompressed point.
func NewP256(point []byte) (PublicKey, error) {
	pub, err := p256Point(point)
	if err != nil {
		return nil, err
	}
	raw, err := pub.Bytes()
	if err != nil {
		return nil, malformed(SchemeECDSAP256, "%v", err)
	}
	der := append(append(make([]byte, 0, P256DERLength), p256Prefix...), raw...)
	return &p256Key{der: der, pub: pub}, nil
}

// ecPoint checks that der is one of the two fixed prefixes followed by a
// point of the matching size, and returns the point.
func ecPoint(der []byte, s Scheme, uncompressed, compressed []byte) ([]byte, error) {
	switch {
	case len(der) == len(uncompressed)+65 && string(der[:len(uncompressed)]) == string(uncompressed):
		p := der[len(uncompressed):]
		if p[0] != 0x04 {
			return nil, malformed(s, "uncompressed point tag %#x", p[0])
		}
		return p, nil
	case len(der) == len(compressed)+33 && string(der[:len(compressed)]) == string(compressed):
		p := der[len(compressed):]
		if p[0] != 0x02 && p[0] != 0x03 {
			return nil, malformed(s, "compressed point tag %#x", p[0])
		}
		return p, nil
	}
	return nil, malformed(s, "%d bytes, want %d or %d", len(der), len(uncompressed)+65, len(compressed)+33)
}
