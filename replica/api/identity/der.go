package identity

import (
	"bytes"
	"crypto/ed25519"
	"encoding/asn1"
	"fmt"
)

var (
	oidEd25519     = asn1.ObjectIdentifier{1, 3, 101, 112}
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidSecp256k1   = asn1.ObjectIdentifier{1, 3, 132, 0, 10}
)

// sequence returns the elements of the DER SEQUENCE that is all of b.
func sequence(b []byte) ([]asn1.RawValue, error) {
	var outer asn1.RawValue
	rest, err := asn1.Unmarshal(b, &outer)
	if err != nil || len(rest) != 0 || outer.Class != asn1.ClassUniversal || outer.Tag != asn1.TagSequence {
		return nil, fmt.Errorf("%w: not a DER SEQUENCE", ErrKeyFormat)
	}
	var out []asn1.RawValue
	for in := outer.Bytes; len(in) > 0; {
		var rv asn1.RawValue
		if in, err = asn1.Unmarshal(in, &rv); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrKeyFormat, err)
		}
		out = append(out, rv)
	}
	return out, nil
}

// contextBits reads an optional [tag] public key BIT STRING, tagged
// explicitly (a constructed [tag] around a BIT STRING, as ring and SEC1
// write it) or implicitly (as RFC 5958 specifies).
func contextBits(rv asn1.RawValue) ([]byte, error) {
	var bits asn1.BitString
	if rv.IsCompound {
		if rest, err := asn1.Unmarshal(rv.Bytes, &bits); err != nil || len(rest) != 0 {
			return nil, fmt.Errorf("%w: bad public key field", ErrKeyFormat)
		}
		return bits.Bytes, nil
	}
	if len(rv.Bytes) == 0 || rv.Bytes[0] != 0 {
		return nil, fmt.Errorf("%w: bad public key field", ErrKeyFormat)
	}
	return rv.Bytes[1:], nil
}

// parsePKCS8 reads a OneAsymmetricKey (RFC 5958; PKCS#8 v1 or v2) holding
// an Ed25519 or secp256k1 key.
func parsePKCS8(der []byte) (Identity, error) {
	els, err := sequence(der)
	if err != nil {
		return nil, err
	}
	var version int
	if len(els) < 3 {
		return nil, fmt.Errorf("%w: PKCS#8 needs version, algorithm and key", ErrKeyFormat)
	}
	if _, err := asn1.Unmarshal(els[0].FullBytes, &version); err != nil || (version != 0 && version != 1) {
		return nil, fmt.Errorf("%w: PKCS#8 version", ErrKeyFormat)
	}
	alg, err := sequence(els[1].FullBytes)
	if err != nil || len(alg) == 0 {
		return nil, fmt.Errorf("%w: PKCS#8 algorithm", ErrKeyFormat)
	}
	var oid asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(alg[0].FullBytes, &oid); err != nil {
		return nil, fmt.Errorf("%w: PKCS#8 algorithm", ErrKeyFormat)
	}
	if els[2].Tag != asn1.TagOctetString || els[2].Class != asn1.ClassUniversal {
		return nil, fmt.Errorf("%w: PKCS#8 private key is not an OCTET STRING", ErrKeyFormat)
	}
	switch {
	case oid.Equal(oidEd25519):
		var seed []byte
		if rest, err := asn1.Unmarshal(els[2].Bytes, &seed); err != nil || len(rest) != 0 {
			return nil, fmt.Errorf("%w: Ed25519 private key", ErrKeyFormat)
		}
		id, err := NewEd25519(seed)
		if err != nil {
			return nil, err
		}
		for _, el := range els[3:] {
			if el.Class == asn1.ClassContextSpecific && el.Tag == 1 {
				pub, err := contextBits(el)
				if err != nil {
					return nil, err
				}
				if !bytes.Equal(pub, id.(*ed25519Identity).priv.Public().(ed25519.PublicKey)) {
					return nil, fmt.Errorf("%w: Ed25519 public key does not match the seed", ErrKeyFormat)
				}
			}
		}
		return id, nil
	case oid.Equal(oidECPublicKey):
		var curve asn1.ObjectIdentifier
		if len(alg) != 2 {
			return nil, fmt.Errorf("%w: EC key without named curve", ErrKeyFormat)
		}
		if _, err := asn1.Unmarshal(alg[1].FullBytes, &curve); err != nil || !curve.Equal(oidSecp256k1) {
			return nil, fmt.Errorf("%w: EC curve %v (only secp256k1)", ErrKeyFormat, curve)
		}
		return parseSEC1(els[2].Bytes)
	}
	return nil, fmt.Errorf("%w: PKCS#8 algorithm %v", ErrKeyFormat, oid)
}

// parseSEC1 reads an ECPrivateKey (RFC 5915) on secp256k1.
func parseSEC1(der []byte) (Identity, error) {
	els, err := sequence(der)
	if err != nil {
		return nil, err
	}
	var version int
	if len(els) < 2 {
		return nil, fmt.Errorf("%w: ECPrivateKey needs version and key", ErrKeyFormat)
	}
	if _, err := asn1.Unmarshal(els[0].FullBytes, &version); err != nil || version != 1 {
		return nil, fmt.Errorf("%w: ECPrivateKey version", ErrKeyFormat)
	}
	if els[1].Tag != asn1.TagOctetString || len(els[1].Bytes) == 0 || len(els[1].Bytes) > 32 {
		return nil, fmt.Errorf("%w: ECPrivateKey scalar", ErrKeyFormat)
	}
	scalar := make([]byte, 32)
	copy(scalar[32-len(els[1].Bytes):], els[1].Bytes)
	id, err := NewSecp256k1(scalar)
	if err != nil {
		return nil, err
	}
	for _, el := range els[2:] {
		if el.Class != asn1.ClassContextSpecific {
			continue
		}
		switch el.Tag {
		case 0:
			var curve asn1.ObjectIdentifier
			if rest, err := asn1.Unmarshal(el.Bytes, &curve); err != nil || len(rest) != 0 || !curve.Equal(oidSecp256k1) {
				return nil, fmt.Errorf("%w: EC curve %v (only secp256k1)", ErrKeyFormat, curve)
			}
		case 1:
			pub, err := contextBits(el)
			if err != nil {
				return nil, err
			}
			k := id.(*secp256k1Identity).priv.PubKey()
			if !bytes.Equal(pub, k.SerializeUncompressed()) && !bytes.Equal(pub, k.SerializeCompressed()) {
				return nil, fmt.Errorf("%w: EC public key does not match the scalar", ErrKeyFormat)
			}
		}
	}
	return id, nil
}

// ringEd25519Prefix starts the 85-byte PKCS#8 v2 Ed25519 form that dfx
// writes (through ring): version 1, seed, then [1] { BIT STRING pubkey }.
var ringEd25519Prefix = []byte{0x30, 0x53, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20}

func marshalEd25519(id *ed25519Identity) []byte {
	b := append(append([]byte(nil), ringEd25519Prefix...), id.seed()...)
	b = append(b, 0xa1, 0x23, 0x03, 0x21, 0x00)
	return append(b, id.priv.Public().(ed25519.PublicKey)...)
}

type ecPrivateKey struct {
	Version    int
	PrivateKey []byte
	Curve      asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
	PublicKey  asn1.BitString        `asn1:"optional,explicit,tag:1"`
}

func marshalSecp256k1(id *secp256k1Identity) ([]byte, error) {
	pub := id.priv.PubKey().SerializeUncompressed()
	return asn1.Marshal(ecPrivateKey{Version: 1, PrivateKey: id.scalar(), Curve: oidSecp256k1,
		PublicKey: asn1.BitString{Bytes: pub, BitLength: 8 * len(pub)}})
}
