package identity

import (
	"errors"
	"fmt"
	"io"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Identity is a principal that can sign requests.
type Identity interface {
	// Sender is the principal that requests are sent as.
	Sender() principal.Principal
	// PublicKeyDER is the DER public key sent as sender_pubkey, or nil for
	// the anonymous identity.
	PublicKeyDER() []byte
	// Sign signs msg (the domain separator is part of msg).
	Sign(msg []byte) ([]byte, error)
}

// Kind names a key type.
type Kind uint8

// Key types.
const (
	Ed25519 Kind = iota + 1
	Secp256k1
	P256
)

func (k Kind) String() string {
	switch k {
	case Ed25519:
		return "ed25519"
	case Secp256k1:
		return "secp256k1"
	case P256:
		return "p256"
	}
	return "unknown"
}

// Errors returned by this package.
var (
	ErrEncrypted   = errors.New("identity: encrypted PEM files are not supported; decrypt the key first")
	ErrKeyFormat   = errors.New("identity: unsupported or malformed private key")
	ErrAnonymous   = errors.New("identity: the anonymous identity cannot sign")
	ErrUnknownKind = errors.New("identity: unknown key kind")
)

// Generate makes a new key of the given kind from rand. A P-256 identity
// also keeps rand to sign with.
func Generate(kind Kind, rand io.Reader) (Identity, error) {
	switch kind {
	case Ed25519:
		return generateEd25519(rand)
	case Secp256k1:
		return generateSecp256k1(rand)
	case P256:
		return generateP256(rand)
	}
	return nil, fmt.Errorf("%w %d", ErrUnknownKind, kind)
}

type anonymous struct{}

// Anonymous returns the anonymous identity 2vxsx-fae, which sends no
// credentials.
func Anonymous() Identity { return anonymous{} }

func (anonymous) Sender() principal.Principal { return principal.Anonymous }
func (anonymous) PublicKeyDER() []byte        { return nil }
func (anonymous) Sign([]byte) ([]byte, error) { return nil, ErrAnonymous }
