package consensus

import (
	"fmt"
	"slices"

	"github.com/threshold-ic/threshold/certify/threshold"
)

// acceptBeaconShare checks a share of the beacon of hs.h against the
// sender's public key share and adds it. The beacon of h−1 must be known:
// it is what the share signs.
func (n *Node) acceptBeaconShare(hs *heightState, s *BeaconShare) error {
	if hs.value != nil {
		return nil
	}
	if _, dup := hs.bshares[s.Signer]; dup {
		return nil
	}
	prev := n.beaconValue(hs.h - 1)
	if prev == nil {
		return wait(false)
	}
	if !n.beaconKeys[s.Signer].Verify(beaconMessage(hs.h, prev), s.Signature) {
		return fmt.Errorf("%w: beacon share", ErrBadSignature)
	}
	return n.addBeaconShare(hs, s)
}

// addBeaconShare records a verified share and combines the beacon once f+1
// shares are in. The combined beacon is gossiped for peers that miss
// shares.
func (n *Node) addBeaconShare(hs *heightState, s *BeaconShare) error {
	if hs.bshares == nil {
		hs.bshares = shareSet{}
	}
	hs.bshares[s.Signer] = s.Signature
	t := n.f + 1
	if len(hs.bshares) < t {
		return nil
	}
	signers := make([]int, 0, len(hs.bshares))
	for i := range hs.bshares {
		signers = append(signers, i)
	}
	slices.Sort(signers)
	shares := make([]threshold.SignatureShare, t)
	for i, signer := range signers[:t] {
		shares[i] = threshold.SignatureShare{Index: signer + 1, Signature: hs.bshares[signer]}
	}
	sig, err := threshold.Combine(t, n.n, shares)
	if err != nil {
		return fmt.Errorf("%w: combining beacon shares: %w", ErrBadSignature, err)
	}
	b := &Beacon{Height: hs.h, Signature: sig}
	n.setBeacon(hs, b)
	n.out.send = append(n.out.send, b)
	return nil
}

// acceptBeacon checks a combined beacon under the subnet's beacon key.
func (n *Node) acceptBeacon(hs *heightState, b *Beacon) error {
	if hs.value != nil {
		return nil
	}
	prev := n.beaconValue(hs.h - 1)
	if prev == nil {
		return wait(false)
	}
	if !n.cfg.Beacon.PublicKey().Verify(beaconMessage(hs.h, prev), b.Signature) {
		return fmt.Errorf("%w: beacon", ErrBadSignature)
	}
	n.setBeacon(hs, b)
	return nil
}

func (n *Node) setBeacon(hs *heightState, b *Beacon) {
	hs.value = b.Signature.Bytes()
	hs.beacon = b
	hs.bshares = nil
}
