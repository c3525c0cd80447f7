package keys

import (
	"crypto/x509/pkix"
	"encoding/asn1"
)

// Algorithm OIDs (PROTOCOL.md §3.4).
var (
	oidEd25519     = asn1.ObjectIdentifier{1, 3, 101, 112}
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidBLS12381G2  = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 44668, 5, 3, 1, 2, 1}
	oidWebAuthn    = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 56387, 1, 1}
	oidCanisterSig = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 56387, 1, 2}
)

type subjectPublicKeyInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

// Identify reports the scheme of a DER-encoded public key from its
// algorithm OID, without validating the key itself. It returns
// SchemeUnknown for DER that is not a SubjectPublicKeyInfo or names
// another algorithm.
func Identify(der []byte) Scheme {
	var spki subjectPublicKeyInfo
	rest, err := asn1.Unmarshal(der, &spki)
	if err != nil || len(rest) != 0 {
		return SchemeUnknown
	}
	return schemeOf(spki.Algorithm)
}

func schemeOf(alg pkix.AlgorithmIdentifier) Scheme {
	switch {
	case alg.Algorithm.Equal(oidEd25519):
		return SchemeEd25519
	case alg.Algorithm.Equal(oidECPublicKey):
		var curve asn1.ObjectIdentifier
		if _, err := asn1.Unmarshal(alg.Parameters.FullBytes, &curve); err != nil {
			return SchemeUnknown
		}
		switch {
		case curve.Equal(oidP256):
			return SchemeECDSAP256
		case curve.Equal(oidSecp256k1):
			return SchemeECDSASecp256k1
		}
	case alg.Algorithm.Equal(oidBLS12381G2):
		return SchemeBLS12381G2
	case alg.Algorithm.Equal(oidWebAuthn):
		return SchemeWebAuthn
	case alg.Algorithm.Equal(oidCanisterSig):
		return SchemeCanisterSig
	}
	return SchemeUnknown
}

// classify explains why der is not a supported sender key: a malformed
// key of a supported scheme, or a scheme that is not supported.
func classify(der []byte) error {
	var spki subjectPublicKeyInfo
	rest, err := asn1.Unmarshal(der, &spki)
	if err != nil || len(rest) != 0 {
		return malformed(SchemeUnknown, "not a SubjectPublicKeyInfo (%d bytes)", len(der))
	}
	s := schemeOf(spki.Algorithm)
	switch s {
	case SchemeEd25519, SchemeECDSAP256, SchemeECDSASecp256k1:
		return malformed(s, "non-canonical encoding (%d bytes)", len(der))
	}
	return &UnsupportedSchemeError{Scheme: s, OID: spki.Algorithm.Algorithm.String()}
}
