package consensus

import (
	"cmp"
	"slices"
)

// deliver turns the finalized chain into batches: it walks from the
// finalized block down to the last delivered one, marks the blocks on the
// way as notarized (finality implies it), and emits them bottom-up as long
// as each block and the beacon above it are known. Then it forgets heights
// that can no longer matter.
func (n *Node) deliver() bool {
	if n.finalized <= n.delivered {
		return false
	}
	chain := make([]blockRef, n.finalized-n.delivered)
	hash := n.finalHash
	for h := n.finalized; h > n.delivered; h-- {
		hs := n.heights[h]
		if hs == nil || hs.blocks[hash] == nil {
			return false
		}
		hs.notarized[hash] = true
		p := hs.blocks[hash]
		chain[h-n.delivered-1] = blockRef{hash, p}
		hash = p.Block.Parent
	}
	if hash != n.lastHash {
		// Two finalized chains: more than f nodes are faulty. Stop
		// delivering rather than execute a fork.
		return false
	}
	progress := false
	for _, b := range chain {
		h := b.p.Block.Height
		next := n.beaconValue(h + 1)
		if next == nil {
			break
		}
		n.out.batches = append(n.out.batches, Batch{
			Height:     h,
			Block:      b.hash,
			Time:       b.p.Block.Time,
			Randomness: randomness(h, next),
			Payload:    b.p.Block.Payload,
		})
		n.delivered, n.lastHash = h, b.hash
		progress = true
	}
	n.prune()
	return progress
}

// prune drops the state of heights below both the delivered height and
// the round: their blocks are final and executed, their beacons used.
func (n *Node) prune() {
	keep := min(n.delivered, n.round)
	for h := range n.heights {
		if h < keep {
			delete(n.heights, h)
		}
	}
}

// finalHashAt returns the hash of the finalized block at h, for
// delivered ≤ h ≤ finalized, if the blocks above it are known.
func (n *Node) finalHashAt(h uint64) (Hash, bool) {
	hash := n.finalHash
	for j := n.finalized; j > h; j-- {
		hs := n.heights[j]
		if hs == nil || hs.blocks[hash] == nil {
			return Hash{}, false
		}
		hash = hs.blocks[hash].Block.Parent
	}
	return hash, true
}

// rebroadcast sends again what this node signed or aggregated at the
// heights still open, and the latest finalization, for peers that missed
// them (gossip with a pull would do this better; see the package docs).
func (n *Node) rebroadcast() {
	var hs []uint64
	for h := range n.heights {
		if h >= n.delivered {
			hs = append(hs, h)
		}
	}
	slices.Sort(hs)
	for _, h := range hs {
		st := n.heights[h]
		n.out.send = append(n.out.send, st.own...)
		if st.beacon != nil {
			n.out.send = append(n.out.send, st.beacon)
		}
		notars := make([]*Notarization, 0, len(st.notars))
		for _, a := range st.notars {
			notars = append(notars, a)
		}
		slices.SortFunc(notars, func(a, b *Notarization) int { return cmp.Compare(string(a.Block[:]), string(b.Block[:])) })
		for _, a := range notars {
			n.out.send = append(n.out.send, a)
		}
		for _, b := range st.sortedBlocks() {
			if st.notarized[b.hash] && b.p.Block.Proposer != n.self && h > 0 {
				n.out.send = append(n.out.send, b.p)
			}
		}
		if st.final != nil {
			n.out.send = append(n.out.send, st.final)
		}
	}
}
