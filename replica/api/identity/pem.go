package identity

import (
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"strings"
)

// ParsePEM loads an identity from a PEM file as dfx, icp-cli and OpenSSL
// write them: "PRIVATE KEY" (PKCS#8 v1 or v2, Ed25519 or secp256k1) or
// "EC PRIVATE KEY" (SEC1, secp256k1), optionally after an "EC PARAMETERS"
// block naming secp256k1. Encrypted files give ErrEncrypted.
func ParsePEM(data []byte) (Identity, error) {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, fmt.Errorf("%w: no private key PEM block", ErrKeyFormat)
		}
		if strings.Contains(block.Headers["Proc-Type"], "ENCRYPTED") {
			return nil, ErrEncrypted
		}
		switch block.Type {
		case "EC PARAMETERS":
			var curve asn1.ObjectIdentifier
			if rest, err := asn1.Unmarshal(block.Bytes, &curve); err != nil || len(rest) != 0 || !curve.Equal(oidSecp256k1) {
				return nil, fmt.Errorf("%w: EC PARAMETERS name a curve other than secp256k1", ErrKeyFormat)
			}
		case "ENCRYPTED PRIVATE KEY":
			return nil, ErrEncrypted
		case "PRIVATE KEY":
			return parsePKCS8(block.Bytes)
		case "EC PRIVATE KEY":
			return parseSEC1(block.Bytes)
		default:
			return nil, fmt.Errorf("%w: PEM block %q", ErrKeyFormat, block.Type)
		}
	}
}

// EncodePEM writes an Ed25519 identity in the dfx form ("PRIVATE KEY",
// PKCS#8 v2 with the public key) and a secp256k1 identity as SEC1
// "EC PRIVATE KEY" with the curve and public key, as OpenSSL writes it.
// Other identities cannot be saved. (OpenSSL 3 refuses the dfx Ed25519
// form's explicitly tagged public key; dfx, ring and this package read it.)
func EncodePEM(id Identity) ([]byte, error) {
	switch k := id.(type) {
	case *ed25519Identity:
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: marshalEd25519(k)}), nil
	case *secp256k1Identity:
		der, err := marshalSecp256k1(k)
		if err != nil {
			return nil, err
		}
		return pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), nil
	}
	return nil, fmt.Errorf("%w: cannot save a %T as PEM", ErrKeyFormat, id)
}
