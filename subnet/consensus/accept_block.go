package consensus

import "fmt"

// acceptProposal validates a block proposal:
//
//   - the maker signed it, and holds the claimed rank in the ranking the
//     beacon of h−1 gives;
//   - its parent is a validated, notarized block of h−1;
//   - its time is not before the parent's, and not more than
//     Timing.MaxClockDrift ahead of this node's clock (a block from the
//     future waits until the clock catches up);
//   - its payload is within MaxPayloadBytes and ValidatePayload accepts it.
//
// Below the finalized height only the finalized chain's blocks are kept,
// checked by hash alone.
func (n *Node) acceptProposal(hs *heightState, p *Proposal, verified bool) error {
	bl := &p.Block
	if bl.Rank < 0 || bl.Rank > n.f {
		return fmt.Errorf("%w: rank %d, makers have 0..%d", ErrRank, bl.Rank, n.f)
	}
	if len(bl.Payload) > n.cfg.MaxPayloadBytes {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrPayload, len(bl.Payload), n.cfg.MaxPayloadBytes)
	}
	hash := bl.Hash()
	if _, ok := hs.blocks[hash]; ok {
		return nil
	}
	if !verified && !p.verify(n.keys.keys[bl.Proposer], hash) {
		return fmt.Errorf("%w: proposal", ErrBadSignature)
	}
	if hs.h <= n.finalized {
		want, ok := n.finalHashAt(hs.h)
		switch {
		case !ok:
			return wait(true)
		case want == hash:
			n.addBlock(hs, hash, p)
		}
		return nil // a block that lost: stale, not invalid
	}
	prev := n.beaconValue(hs.h - 1)
	if prev == nil {
		return wait(true)
	}
	if makers := n.makers(hs, prev); makers[bl.Rank] != bl.Proposer {
		return fmt.Errorf("%w: rank %d belongs to node %d, not %d", ErrRank, bl.Rank, makers[bl.Rank], bl.Proposer)
	}
	parentState := n.heights[hs.h-1]
	if parentState == nil || !parentState.notarized[bl.Parent] || parentState.blocks[bl.Parent] == nil {
		return wait(true)
	}
	if bl.Time.Before(parentState.blocks[bl.Parent].Block.Time) {
		return fmt.Errorf("%w: %v < %v", ErrBlockTime, bl.Time, parentState.blocks[bl.Parent].Block.Time)
	}
	if n.now.IsZero() || bl.Time.After(n.now.Add(n.cfg.Timing.MaxClockDrift)) {
		return wait(true)
	}
	if v := n.cfg.ValidatePayload; v != nil {
		if err := v(hs.h, bl.Payload); err != nil {
			return fmt.Errorf("%w: %w", ErrPayload, err)
		}
	}
	if hs.perMaker[bl.Proposer] >= maxBlocksPerMaker {
		return nil // an equivocating maker: enough of its blocks are known
	}
	n.addBlock(hs, hash, p)
	return nil
}

func (n *Node) addBlock(hs *heightState, hash Hash, p *Proposal) {
	hs.blocks[hash] = p
	hs.perMaker[p.Block.Proposer]++
}

// makers returns the block makers of hs.h, ranked by the beacon of h−1.
func (n *Node) makers(hs *heightState, prev []byte) []int {
	if hs.makers == nil {
		hs.makers = ranking(n.n, hs.h, prev)
	}
	return hs.makers
}
