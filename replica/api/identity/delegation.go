package identity

import (
	"fmt"
	"time"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Delegate signs a delegation from `from` to the DER public key `to`,
// valid until expiration, for targets (nil: any canister) with the given
// permissions ("" or envelope.PermissionsAll or PermissionsQueries).
func Delegate(from Identity, to []byte, expiration time.Time, targets []principal.Principal, permissions string) (envelope.SignedDelegation, error) {
	d := envelope.Delegation{PubKey: to, Expiration: uint64(expiration.UnixNano()), Targets: targets, Permissions: permissions}
	sig, err := from.Sign(d.SignedBytes())
	if err != nil {
		return envelope.SignedDelegation{}, fmt.Errorf("identity: signing delegation: %w", err)
	}
	return envelope.SignedDelegation{Delegation: d, Signature: sig}, nil
}

// Delegated is an identity that acts as the root key's principal but
// signs with the last key of a delegation chain.
type Delegated struct {
	rootDER []byte
	chain   []envelope.SignedDelegation
	signer  Identity
}

var _ Identity = (*Delegated)(nil)

// NewDelegated returns the identity of rootDER's principal that signs with
// signer through chain; the last delegation must name signer's key.
func NewDelegated(rootDER []byte, chain []envelope.SignedDelegation, signer Identity) (*Delegated, error) {
	if len(chain) == 0 {
		return nil, fmt.Errorf("identity: empty delegation chain")
	}
	if string(chain[len(chain)-1].Delegation.PubKey) != string(signer.PublicKeyDER()) {
		return nil, fmt.Errorf("identity: the last delegation does not name the signer's key")
	}
	return &Delegated{rootDER: rootDER, chain: chain, signer: signer}, nil
}

func (d *Delegated) Sender() principal.Principal     { return principal.SelfAuthenticating(d.rootDER) }
func (d *Delegated) PublicKeyDER() []byte            { return d.rootDER }
func (d *Delegated) Sign(msg []byte) ([]byte, error) { return d.signer.Sign(msg) }

// Delegations returns the chain sent as sender_delegation.
func (d *Delegated) Delegations() []envelope.SignedDelegation { return d.chain }
