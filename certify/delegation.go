package certify

import (
	"bytes"
	"fmt"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/hashtree"
)

// checkDelegation verifies a delegation under the root key (PROTOCOL.md
// §4.5) and returns the subnet that it names. The result owns a copy of
// the delegation certificate, so it can outlive the caller's buffer.
func checkDelegation(d *Delegation, root *RootKey) (*signer, error) {
	raw := bytes.Clone(d.Certificate)
	sid := bytes.Clone(d.SubnetID)
	dc, err := Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDelegation, err)
	}
	if dc.Delegation != nil {
		return nil, fmt.Errorf("%w: %w", ErrDelegation, ErrNestedDelegation)
	}
	digest := dc.Tree.Digest()
	if err := verifySignature(root.pk, dc.Signature, &digest); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDelegation, err)
	}
	der, res := dc.Tree.Lookup([]byte("subnet"), sid, []byte("public_key"))
	if res != hashtree.Found {
		return nil, fmt.Errorf("%w: /subnet/%x/public_key is %v", ErrDelegation, sid, res)
	}
	key, err := bls.PublicKeyFromDER(der)
	if err != nil {
		return nil, fmt.Errorf("%w: subnet key: %w: %w", ErrDelegation, ErrMalformed, err)
	}
	s := &signer{cert: raw, subnetID: sid, key: key, raw: new([bls.PublicKeySize]byte)}
	copy(s.raw[:], der[len(der)-bls.PublicKeySize:])
	s.ranges, s.rangesErr = SubnetRanges(dc.Tree, sid)
	if s.rangesErr != nil {
		s.ranges = nil
	}
	return s, nil
}
