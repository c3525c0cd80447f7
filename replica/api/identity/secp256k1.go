package identity

import (
	"crypto/sha256"
	"fmt"
	"io"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"

	"github.com/threshold-ic/threshold/replica/api/keys"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

type secp256k1Identity struct {
	priv   *secp256k1.PrivateKey
	der    []byte
	sender principal.Principal
}

var _ Identity = (*secp256k1Identity)(nil)

// NewSecp256k1 returns the identity of a secp256k1 private key given as a
// 32-byte big-endian scalar in [1, n-1].
func NewSecp256k1(scalar []byte) (Identity, error) {
	var s secp256k1.ModNScalar
	if len(scalar) != 32 || s.SetByteSlice(scalar) || s.IsZero() {
		return nil, fmt.Errorf("%w: secp256k1 scalar out of range", ErrKeyFormat)
	}
	priv := secp256k1.NewPrivateKey(&s)
	k, err := keys.NewSecp256k1(priv.PubKey().SerializeUncompressed())
	if err != nil {
		return nil, err
	}
	return &secp256k1Identity{priv: priv, der: k.DER(), sender: principal.SelfAuthenticating(k.DER())}, nil
}

func generateSecp256k1(rand io.Reader) (Identity, error) {
	buf := make([]byte, 32)
	for range 64 { // a draw is out of range with probability < 2^-127
		if _, err := io.ReadFull(rand, buf); err != nil {
			return nil, fmt.Errorf("identity: reading randomness: %w", err)
		}
		if id, err := NewSecp256k1(buf); err == nil {
			return id, nil
		}
	}
	return nil, fmt.Errorf("identity: randomness source keeps yielding invalid scalars")
}

func (id *secp256k1Identity) Sender() principal.Principal { return id.sender }
func (id *secp256k1Identity) PublicKeyDER() []byte        { return id.der }

// Sign returns r‖s (64 bytes, low-S, RFC 6979) over SHA-256(msg).
func (id *secp256k1Identity) Sign(msg []byte) ([]byte, error) {
	h := sha256.Sum256(msg)
	compact := ecdsa.SignCompact(id.priv, h[:], false) // recovery code ‖ r ‖ s
	return compact[1:], nil
}

func (id *secp256k1Identity) scalar() []byte {
	b := id.priv.Key.Bytes()
	return b[:]
}
