package consensus

import (
	"fmt"
	"time"

	"github.com/threshold-ic/threshold/certify/bls"
)

// Node is one replica's consensus state machine. It is not safe for
// concurrent use: one goroutine owns it and calls Tick, Step, Ready and
// Advance (see the package documentation for the loop).
type Node struct {
	cfg    Config
	n      int // nodes
	f      int // tolerated faults
	quorum int // n−f, for notarization and finalization
	self   int

	keys       keyring          // individual keys, for votes and proposals
	beaconKeys []*bls.PublicKey // public key shares of the beacon key

	now          time.Time // latest Tick
	lastProgress time.Time // latest round change or finalization

	round   uint64 // height this node is working on; 0 before the first Tick
	heights map[uint64]*heightState

	finalized uint64 // highest height known final
	finalHash Hash   // its block
	delivered uint64 // highest height delivered as a Batch
	lastHash  Hash   // its block

	out    output
	parked uint64 // artifacts parked so far, to tell a retry that parks again
}

// lookahead is how many heights above max(round, finalized) a node buffers
// artifacts for; beyond that a node has fallen behind and needs a catch-up
// package rather than gossip.
const lookahead = 32

// New validates cfg and returns a node at the genesis height. The node
// starts its first round on the first Tick.
func New(cfg Config) (*Node, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	n := len(cfg.PublicKeys)
	node := &Node{
		cfg:     cfg,
		n:       n,
		f:       faults(n),
		quorum:  n - faults(n),
		self:    cfg.Index,
		keys:    keyring{keys: cfg.PublicKeys, cache: map[string]*bls.PublicKey{}},
		heights: map[uint64]*heightState{},
	}
	node.beaconKeys = make([]*bls.PublicKey, n)
	for i := range n {
		if node.beaconKeys[i], err = cfg.Beacon.PublicKeyShare(i + 1); err != nil {
			return nil, fmt.Errorf("%w: beacon key share %d: %w", ErrConfig, i, err)
		}
	}
	genesis := &Proposal{Block: Block{Time: cfg.GenesisTime}}
	hash := genesis.Block.Hash()
	g := newHeightState(0)
	g.entered = true
	g.value = cfg.GenesisBeacon
	g.blocks[hash] = genesis
	g.notarized[hash] = true
	node.heights[0] = g
	node.finalHash, node.lastHash = hash, hash
	return node, nil
}

// Tick tells the node the time. Delays are measured on this clock: call it
// every few milliseconds. A clock that goes backwards is ignored until it
// passes the latest time again.
func (n *Node) Tick(now time.Time) {
	if now.After(n.now) {
		n.now = now
	}
	n.update()
	if n.round > 0 && n.now.Sub(n.lastProgress) >= n.cfg.Timing.Rebroadcast {
		n.rebroadcast()
		n.lastProgress = n.now
	}
}

// Step validates an artifact from a peer and absorbs it. Artifacts that
// depend on something not yet seen (the previous beacon, the parent block,
// the block a share votes for) are kept and retried; stale and duplicate
// ones are ignored. It returns a *RejectError for an invalid artifact and
// never panics.
func (n *Node) Step(m Message) error {
	if isNil(m) {
		return fmt.Errorf("%w: nil message", ErrMalformed)
	}
	if err := n.accept(m, false); err != nil {
		return err
	}
	n.update()
	return nil
}

// update runs the protocol rules until none of them changes anything.
func (n *Node) update() {
	for {
		progress := n.retryPending()
		if !n.now.IsZero() {
			progress = n.enterRounds() || progress
			progress = n.propose() || progress
			progress = n.notarize() || progress
		}
		progress = n.shareFinalization() || progress
		progress = n.deliver() || progress
		progress = n.relayNotarized() || progress
		if !progress {
			return
		}
	}
}

// Status is a summary of a node's progress.
type Status struct {
	Round     uint64 // height of the current round (0 before the first Tick)
	Finalized uint64 // highest finalized height
	Delivered uint64 // highest height delivered in a Batch
}

// Status returns the node's progress.
func (n *Node) Status() Status {
	return Status{Round: n.round, Finalized: n.finalized, Delivered: n.delivered}
}

// state returns the state of height h, creating it.
func (n *Node) state(h uint64) *heightState {
	hs := n.heights[h]
	if hs == nil {
		hs = newHeightState(h)
		n.heights[h] = hs
	}
	return hs
}

// beaconValue returns the value of the beacon of height h, or nil.
func (n *Node) beaconValue(h uint64) []byte {
	if hs := n.heights[h]; hs != nil {
		return hs.value
	}
	return nil
}

func isNil(m Message) bool {
	switch m := m.(type) {
	case nil:
		return true
	case *BeaconShare:
		return m == nil
	case *Beacon:
		return m == nil
	case *Proposal:
		return m == nil
	case *NotarizationShare:
		return m == nil
	case *Notarization:
		return m == nil
	case *FinalizationShare:
		return m == nil
	case *Finalization:
		return m == nil
	}
	return true
}
