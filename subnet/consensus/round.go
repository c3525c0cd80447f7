package consensus

// The rules a node applies on its own, in round order. Each reports whether
// it changed anything; update runs them until none does.

// enterRounds moves to the next height once the current one has a
// validated notarized block and its beacon. Entering round h means sending
// this node's share of the beacon of h (the threshold relay: it signs the
// beacon of h−1). Height 0 is ready from the start, so the first Tick
// enters round 1 with no special case.
func (n *Node) enterRounds() bool {
	progress := false
	for {
		cur := n.heights[n.round]
		if cur == nil || cur.value == nil {
			return progress
		}
		if _, ok := cur.notarizedBlock(); !ok {
			return progress
		}
		h := n.round + 1
		hs := n.state(h)
		hs.entered, hs.start = true, n.now
		n.makers(hs, cur.value)
		n.round = h
		n.lastProgress = n.now
		if hs.value == nil { // a node catching up may have the beacon already
			share := signBeaconShare(n.cfg.BeaconShare, h, cur.value)
			n.emitOwn(hs, share)
			_ = n.addBeaconShare(hs, share)
		}
		progress = true
	}
}

// propose makes this node's block once its maker delay has passed, unless
// it makes no block at this height, a block of lower rank is already
// valid, or the height is already notarized.
func (n *Node) propose() bool {
	hs := n.heights[n.round]
	if hs == nil || hs.proposed {
		return false
	}
	rank := rankOf(hs.makers, n.self)
	if rank < 0 || hs.anyNotarized() || hs.h <= n.finalized || n.lowerRankSeen(hs, rank) {
		hs.proposed = true
		return false
	}
	if n.now.Before(hs.start.Add(n.cfg.Timing.makerDelay(rank))) {
		return false
	}
	parent, ok := n.heights[hs.h-1].notarizedBlock()
	if !ok {
		return false
	}
	var payload []byte
	if n.cfg.Payload != nil {
		payload = n.cfg.Payload(hs.h)
	}
	if len(payload) > n.cfg.MaxPayloadBytes {
		payload = nil // the application overfilled it; an empty block keeps the chain going
	}
	t := nanosTime(timeNanos(n.now))
	if pt := parent.p.Block.Time; t.Before(pt) {
		t = pt
	}
	p := signProposal(n.cfg.SecretKey, Block{
		Parent: parent.hash, Height: hs.h, Rank: rank, Proposer: n.self, Time: t, Payload: payload,
	})
	hs.proposed = true
	n.addBlock(hs, p.Block.Hash(), p)
	n.emitOwn(hs, p)
	return true
}

func (n *Node) lowerRankSeen(hs *heightState, rank int) bool {
	for _, p := range hs.blocks {
		if p.Block.Rank < rank {
			return true
		}
	}
	return false
}

// notarize shares a notarization of the lowest-rank valid blocks of the
// current height once their notary delay has passed. Blocks of that rank
// are all signed (an equivocating maker gets several); a node never signs a
// block of higher rank than one it has seen, and stops signing once the
// height is notarized.
func (n *Node) notarize() bool {
	hs := n.heights[n.round]
	if hs == nil || hs.anyNotarized() || len(hs.blocks) == 0 {
		return false
	}
	blocks := hs.sortedBlocks()
	rank := blocks[0].p.Block.Rank
	var gap uint64
	if n.round-1 > n.finalized {
		gap = n.round - 1 - n.finalized
	}
	if n.now.Before(hs.start.Add(n.cfg.Timing.notaryDelay(rank, gap))) {
		return false
	}
	progress := false
	for _, b := range blocks {
		if b.p.Block.Rank != rank || hs.sharedNotar[b.hash] || hs.anyNotarized() {
			continue
		}
		hs.sharedNotar[b.hash] = true
		s := signNotarizationShare(n.cfg.SecretKey, n.self, hs.h, b.hash)
		n.emitOwn(hs, s)
		_ = n.addNotarizationShare(hs, s)
		progress = true
	}
	return progress
}

// shareFinalization sends a finalization share for a notarized block of a
// height above the finalized one, if this node notarized no other block of
// that height. It does so at most once per height.
func (n *Node) shareFinalization() bool {
	progress := false
	for h := n.finalized + 1; h <= n.round; h++ {
		hs := n.heights[h]
		if hs == nil || hs.sharedFinal {
			continue
		}
		b, ok := n.finalizable(hs)
		if !ok {
			continue
		}
		hs.sharedFinal = true
		s := signFinalizationShare(n.cfg.SecretKey, n.self, h, b)
		n.emitOwn(hs, s)
		_ = n.addFinalizationShare(hs, s)
		progress = true
	}
	return progress
}

// finalizable returns the block this node may finalization-share at hs.h:
// the one block it notarization-shared, if notarized, or the lowest-rank
// notarized block if it shared none.
func (n *Node) finalizable(hs *heightState) (Hash, bool) {
	switch len(hs.sharedNotar) {
	case 0:
		b, ok := hs.notarizedBlock()
		return b.hash, ok
	case 1:
		for h := range hs.sharedNotar {
			return h, hs.notarized[h] && hs.blocks[h] != nil
		}
	}
	return Hash{}, false
}

// relayNotarized gossips, once, every notarized block of another maker
// that this node has: a maker may have sent different blocks to different
// nodes, and a node cannot extend or deliver a notarized block it never
// received. (A gossip layer that advertises artifacts by hash sends each
// block to each peer once whichever node relays it.)
func (n *Node) relayNotarized() bool {
	progress := false
	for h := n.delivered + 1; h <= max(n.round, n.finalized); h++ {
		hs := n.heights[h]
		if hs == nil {
			continue
		}
		for _, b := range hs.sortedBlocks() {
			if hs.notarized[b.hash] && !hs.relayed[b.hash] && b.p.Block.Proposer != n.self {
				hs.relayed[b.hash] = true
				n.out.send = append(n.out.send, b.p)
				progress = true
			}
		}
	}
	return progress
}
