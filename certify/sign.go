package certify

import (
	"fmt"

	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/rih"
)

// SignedMessage returns the bytes a subnet signs to certify a tree with the
// given root hash: "\x0dic-state-root" · root.
func SignedMessage(root hashtree.Hash) []byte {
	return append([]byte(rih.SepStateRoot), root[:]...)
}

// SignFunc signs a message with a subnet's (threshold) BLS key and returns
// the 48-byte signature.
type SignFunc func(msg []byte) ([]byte, error)

// Sign certifies tree: it signs SignedMessage(tree.Digest()) with sign and
// returns the encoded certificate. delegation is nil for the root subnet.
func Sign(tree hashtree.Tree, delegation *Delegation, sign SignFunc) ([]byte, error) {
	sig, err := sign(SignedMessage(tree.Digest()))
	if err != nil {
		return nil, fmt.Errorf("certify: signing: %w", err)
	}
	c := Certificate{Tree: tree, Signature: sig, Delegation: delegation}
	return c.Append(nil), nil
}
