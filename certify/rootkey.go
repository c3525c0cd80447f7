package certify

import (
	"bytes"
	"crypto/sha256"
	"fmt"

	"github.com/threshold-ic/threshold/certify/bls"
)

// RootKey is a parsed root public key with the id of the subnet it
// identifies. Parsing a key checks its curve point, which is costly; parse
// a root key once and share it. A RootKey is immutable.
type RootKey struct {
	pk       *bls.PublicKey
	der      []byte
	raw      [bls.PublicKeySize]byte
	subnetID []byte
}

// ParseRootKey parses a 133-byte DER BLS12-381 public key (PROTOCOL.md
// §3.4).
func ParseRootKey(der []byte) (*RootKey, error) {
	pk, err := bls.PublicKeyFromDER(der)
	if err != nil {
		return nil, fmt.Errorf("%w: root key: %w", ErrMalformed, err)
	}
	k := &RootKey{pk: pk, der: bytes.Clone(der), subnetID: SelfAuthenticatingID(der)}
	copy(k.raw[:], der[len(der)-bls.PublicKeySize:])
	return k, nil
}

// PublicKey returns the parsed key.
func (k *RootKey) PublicKey() *bls.PublicKey { return k.pk }

// DER returns a copy of the key's DER encoding.
func (k *RootKey) DER() []byte { return bytes.Clone(k.der) }

// SubnetID returns a copy of the root subnet's id: the self-authenticating
// id of the DER key (PROTOCOL.md §3.3).
func (k *RootKey) SubnetID() []byte { return bytes.Clone(k.subnetID) }

// SelfAuthenticatingID returns SHA-224(der) · 0x02, the principal of a
// public key.
func SelfAuthenticatingID(der []byte) []byte {
	h := sha256.Sum224(der)
	return append(h[:], 0x02)
}
