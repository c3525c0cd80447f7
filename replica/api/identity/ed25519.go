package identity

import (
	"crypto/ed25519"
	"fmt"
	"io"

	"github.com/threshold-ic/threshold/replica/api/keys"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

type ed25519Identity struct {
	priv   ed25519.PrivateKey
	der    []byte
	sender principal.Principal
}

var _ Identity = (*ed25519Identity)(nil)

// NewEd25519 returns the identity of an Ed25519 private key given by its
// 32-byte seed.
func NewEd25519(seed []byte) (Identity, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%w: Ed25519 seed of %d bytes", ErrKeyFormat, len(seed))
	}
	priv := ed25519.NewKeyFromSeed(seed)
	k, err := keys.NewEd25519(priv.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, err
	}
	return &ed25519Identity{priv: priv, der: k.DER(), sender: principal.SelfAuthenticating(k.DER())}, nil
}

func generateEd25519(rand io.Reader) (Identity, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := io.ReadFull(rand, seed); err != nil {
		return nil, fmt.Errorf("identity: reading randomness: %w", err)
	}
	return NewEd25519(seed)
}

func (id *ed25519Identity) Sender() principal.Principal { return id.sender }
func (id *ed25519Identity) PublicKeyDER() []byte        { return id.der }

// Sign returns the 64-byte Ed25519 signature of msg.
func (id *ed25519Identity) Sign(msg []byte) ([]byte, error) { return ed25519.Sign(id.priv, msg), nil }

func (id *ed25519Identity) seed() []byte { return id.priv.Seed() }
