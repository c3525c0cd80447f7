package threshold

import (
	"fmt"

	"github.com/threshold-ic/threshold/certify/bls"
)

// SignatureShare is node Index's signature share of a message: an ordinary
// BLS signature under the node's public key share.
type SignatureShare struct {
	Index     int
	Signature bls.Signature
}

// Sign signs msg with the share, exactly like a plain BLS key.
func (s SecretShare) Sign(msg []byte) SignatureShare {
	return SignatureShare{Index: s.Index, Signature: s.Key.Sign(msg)}
}

// VerifySignatureShare checks that sig is share index's signature of msg.
// The error wraps ErrIndex or ErrInvalidSignatureShare.
func (d *Dealing) VerifySignatureShare(index int, msg []byte, sig bls.Signature) error {
	pk, err := d.PublicKeyShare(index)
	if err != nil {
		return err
	}
	return verifyUnder(pk, index, msg, sig)
}

func verifyUnder(pk *bls.PublicKey, index int, msg []byte, sig bls.Signature) error {
	if !pk.Verify(msg, sig) {
		return fmt.Errorf("%w: index %d does not verify", ErrInvalidSignatureShare, index)
	}
	return nil
}
