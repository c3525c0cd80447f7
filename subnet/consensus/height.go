package consensus

import (
	"cmp"
	"slices"
	"time"
)

// heightState is everything a node knows about one height: the beacon of
// the height, the validated blocks, the shares and aggregates on them, what
// this node itself signed, and artifacts waiting for something they depend
// on.
type heightState struct {
	h uint64

	// Round bookkeeping (set when the node enters the round of h).
	entered bool
	start   time.Time
	makers  []int // block makers by rank, from the beacon of h−1
	// proposed is set once this node made its block (or decided not to).
	proposed bool

	// The random beacon of h: value is the signature bytes (or the genesis
	// value at height 0), beacon the artifact to gossip (nil at 0).
	value   []byte
	beacon  *Beacon
	bshares shareSet // verified beacon shares, by signer

	blocks    map[Hash]*Proposal // validated blocks
	perMaker  map[int]int        // validated blocks per proposer
	notarized map[Hash]bool      // blocks known to be notarized
	notars    map[Hash]*Notarization
	relayed   map[Hash]bool // notarized blocks of others, gossiped on
	nshares   map[Hash]shareSet
	fshares   map[Hash]shareSet
	final     *Finalization

	// What this node signed at h.
	sharedNotar map[Hash]bool
	sharedFinal bool
	own         []Message // for rebroadcast

	pending map[int][]pendingMsg // by signer (−1: aggregates)
}

// pendingMsg is an artifact that waits for a dependency; verified records
// whether its signature was already checked.
type pendingMsg struct {
	m        Message
	verified bool
}

// maxPendingPerSigner bounds what one signer can park at one height.
const maxPendingPerSigner = 16

// maxBlocksPerMaker bounds the blocks an equivocating maker can get
// validated at one height.
const maxBlocksPerMaker = 4

func newHeightState(h uint64) *heightState {
	return &heightState{
		h:           h,
		blocks:      map[Hash]*Proposal{},
		perMaker:    map[int]int{},
		notarized:   map[Hash]bool{},
		notars:      map[Hash]*Notarization{},
		relayed:     map[Hash]bool{},
		nshares:     map[Hash]shareSet{},
		fshares:     map[Hash]shareSet{},
		sharedNotar: map[Hash]bool{},
		pending:     map[int][]pendingMsg{},
	}
}

// blockRef is a validated block with its hash.
type blockRef struct {
	hash Hash
	p    *Proposal
}

// sortedBlocks returns the validated blocks ordered by rank, then hash, so
// that every choice among blocks is deterministic.
func (hs *heightState) sortedBlocks() []blockRef {
	out := make([]blockRef, 0, len(hs.blocks))
	for h, p := range hs.blocks {
		out = append(out, blockRef{h, p})
	}
	slices.SortFunc(out, func(a, b blockRef) int {
		if c := cmp.Compare(a.p.Block.Rank, b.p.Block.Rank); c != 0 {
			return c
		}
		return slices.Compare(a.hash[:], b.hash[:])
	})
	return out
}

// notarizedBlock returns the lowest-ranked validated and notarized block.
func (hs *heightState) notarizedBlock() (blockRef, bool) {
	for _, b := range hs.sortedBlocks() {
		if hs.notarized[b.hash] {
			return b, true
		}
	}
	return blockRef{}, false
}

// anyNotarized reports whether some block of h is known to be notarized,
// validated or not.
func (hs *heightState) anyNotarized() bool { return len(hs.notarized) > 0 }

// park stores m until its dependencies arrive; it reports false when the
// signer's quota is used up.
func (hs *heightState) park(m Message, verified bool) bool {
	s := m.signer()
	if len(hs.pending[s]) >= maxPendingPerSigner {
		return false
	}
	hs.pending[s] = append(hs.pending[s], pendingMsg{m, verified})
	return true
}

// takePending removes and returns the parked artifacts, in signer order.
func (hs *heightState) takePending() []pendingMsg {
	if len(hs.pending) == 0 {
		return nil
	}
	signers := make([]int, 0, len(hs.pending))
	for s := range hs.pending {
		signers = append(signers, s)
	}
	slices.Sort(signers)
	var out []pendingMsg
	for _, s := range signers {
		out = append(out, hs.pending[s]...)
	}
	clear(hs.pending)
	return out
}
