package consensus

import "fmt"

// acceptNotarizationShare checks a notarization share and adds it. Shares
// for a height that already has a notarized block are ignored: honest
// nodes stop notarizing there, and a competing notarization, if one forms,
// arrives as an aggregate.
func (n *Node) acceptNotarizationShare(hs *heightState, s *NotarizationShare, verified bool) error {
	if hs.anyNotarized() {
		return nil
	}
	if _, dup := hs.nshares[s.Block][s.Signer]; dup {
		return nil
	}
	if !verified && !n.keys.verifyVote(domainNotarization, s.Height, s.Block, s.Signer, s.Signature) {
		return fmt.Errorf("%w: notarization share", ErrBadSignature)
	}
	if _, ok := hs.blocks[s.Block]; !ok {
		return wait(true)
	}
	return n.addNotarizationShare(hs, s)
}

// addNotarizationShare records a verified share on a validated block and
// aggregates the notarization at n−f shares.
func (n *Node) addNotarizationShare(hs *heightState, s *NotarizationShare) error {
	set := hs.nshares[s.Block]
	if set == nil {
		set = shareSet{}
		hs.nshares[s.Block] = set
	}
	set[s.Signer] = s.Signature
	if len(set) < n.quorum || hs.notarized[s.Block] {
		return nil
	}
	a, err := set.combine(hs.h, s.Block, n.quorum)
	if err != nil {
		return fmt.Errorf("%w: aggregating notarization: %w", ErrBadSignature, err)
	}
	notar := (*Notarization)(&a)
	n.setNotarized(hs, notar)
	n.out.send = append(n.out.send, notar)
	return nil
}

// acceptNotarization checks an aggregate notarization.
func (n *Node) acceptNotarization(hs *heightState, a *Notarization) error {
	if err := checkSigners(a.Signers, n.n, n.quorum); err != nil {
		return err
	}
	if hs.notarized[a.Block] {
		return nil
	}
	if !n.keys.verifyAggregate(domainNotarization, (*aggregate)(a)) {
		return fmt.Errorf("%w: notarization", ErrBadSignature)
	}
	n.setNotarized(hs, a)
	return nil
}

func (n *Node) setNotarized(hs *heightState, a *Notarization) {
	hs.notarized[a.Block] = true
	hs.notars[a.Block] = a
	clear(hs.nshares)
}

// acceptFinalizationShare checks a finalization share and adds it. The
// block itself is not needed: the share signs its hash.
func (n *Node) acceptFinalizationShare(hs *heightState, s *FinalizationShare) error {
	if hs.h <= n.finalized {
		return nil
	}
	if _, dup := hs.fshares[s.Block][s.Signer]; dup {
		return nil
	}
	if !n.keys.verifyVote(domainFinalization, s.Height, s.Block, s.Signer, s.Signature) {
		return fmt.Errorf("%w: finalization share", ErrBadSignature)
	}
	return n.addFinalizationShare(hs, s)
}

// addFinalizationShare records a verified share and aggregates the
// finalization at n−f shares.
func (n *Node) addFinalizationShare(hs *heightState, s *FinalizationShare) error {
	set := hs.fshares[s.Block]
	if set == nil {
		set = shareSet{}
		hs.fshares[s.Block] = set
	}
	set[s.Signer] = s.Signature
	if len(set) < n.quorum || hs.h <= n.finalized {
		return nil
	}
	a, err := set.combine(hs.h, s.Block, n.quorum)
	if err != nil {
		return fmt.Errorf("%w: aggregating finalization: %w", ErrBadSignature, err)
	}
	fin := (*Finalization)(&a)
	n.setFinalized(hs, fin)
	n.out.send = append(n.out.send, fin)
	return nil
}

// acceptFinalization checks an aggregate finalization.
func (n *Node) acceptFinalization(hs *heightState, a *Finalization) error {
	if err := checkSigners(a.Signers, n.n, n.quorum); err != nil {
		return err
	}
	if hs.h <= n.finalized {
		return nil
	}
	if !n.keys.verifyAggregate(domainFinalization, (*aggregate)(a)) {
		return fmt.Errorf("%w: finalization", ErrBadSignature)
	}
	n.setFinalized(hs, a)
	return nil
}

// setFinalized moves the finalized height up. A finalized block is
// notarized too (honest nodes only finalization-share notarized blocks).
func (n *Node) setFinalized(hs *heightState, a *Finalization) {
	hs.final = a
	hs.notarized[a.Block] = true
	clear(hs.fshares)
	n.finalized, n.finalHash = hs.h, a.Block
	n.lastProgress = n.now
}
