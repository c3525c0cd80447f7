package identity

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"fmt"
	"io"

	"github.com/threshold-ic/threshold/replica/api/keys"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

type p256Identity struct {
	priv   *ecdsa.PrivateKey
	rand   io.Reader
	der    []byte
	sender principal.Principal
}

var _ Identity = (*p256Identity)(nil)

// NewP256 returns the identity of a P-256 private key given as a 32-byte
// big-endian scalar; it signs with randomness from rand.
func NewP256(scalar []byte, rand io.Reader) (Identity, error) {
	priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), scalar)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyFormat, err)
	}
	raw, err := priv.PublicKey.Bytes()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyFormat, err)
	}
	k, err := keys.NewP256(raw)
	if err != nil {
		return nil, err
	}
	return &p256Identity{priv: priv, rand: rand, der: k.DER(), sender: principal.SelfAuthenticating(k.DER())}, nil
}

func generateP256(rand io.Reader) (Identity, error) {
	buf := make([]byte, 32)
	for range 64 {
		if _, err := io.ReadFull(rand, buf); err != nil {
			return nil, fmt.Errorf("identity: reading randomness: %w", err)
		}
		if id, err := NewP256(buf, rand); err == nil {
			return id, nil
		}
	}
	return nil, fmt.Errorf("identity: randomness source keeps yielding invalid scalars")
}

func (id *p256Identity) Sender() principal.Principal { return id.sender }
func (id *p256Identity) PublicKeyDER() []byte        { return id.der }

// Sign returns r‖s (64 bytes) over SHA-256(msg).
func (id *p256Identity) Sign(msg []byte) ([]byte, error) {
	h := sha256.Sum256(msg)
	r, s, err := ecdsa.Sign(id.rand, id.priv, h[:])
	if err != nil {
		return nil, fmt.Errorf("identity: P-256 signing: %w", err)
	}
	out := make([]byte, 64)
	r.FillBytes(out[:32])
	s.FillBytes(out[32:])
	return out, nil
}
