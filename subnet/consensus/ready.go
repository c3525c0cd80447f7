package consensus

import "time"

// Ready is what a node asks its owner to do, accumulated since the last
// Advance. Handle it in field order: persist, then send, then execute.
type Ready struct {
	// Persist lists the artifacts this node signed. They must be durable
	// before any of Send goes out: a node that restarts without them could
	// sign a second notarization share at a height and then a finalization
	// share, which is how safety is lost.
	Persist []Message

	// Send lists artifacts to gossip to every other node of the subnet:
	// this node's own (also in Persist) and aggregates it combined.
	Send []Message

	// Finalized lists the finalized batches, in height order, each height
	// exactly once, for execution.
	Finalized []Batch
}

// Batch is a finalized block as execution sees it.
type Batch struct {
	Height uint64
	Block  Hash
	// Time is the block time (the maker's clock, never decreasing).
	Time time.Time
	// Randomness is derived from the random beacon of Height+1, which
	// nobody could know when the block was made: the seed of the
	// canisters' randomness.
	Randomness [32]byte
	Payload    []byte
}

// output accumulates a Ready; handed records how much of each list the
// last Ready call returned, so that Advance drops exactly that.
type output struct {
	persist, send []Message
	batches       []Batch
	handed        [3]int
}

// HasReady reports whether Ready has anything new.
func (n *Node) HasReady() bool {
	o := &n.out
	return len(o.persist) > 0 || len(o.send) > 0 || len(o.batches) > 0
}

// Ready returns what the node needs done. Calling it again before Advance
// returns the same items and any produced since; Advance acknowledges the
// items of the latest Ready call.
func (n *Node) Ready() Ready {
	o := &n.out
	o.handed = [3]int{len(o.persist), len(o.send), len(o.batches)}
	return Ready{
		Persist:   o.persist[:len(o.persist):len(o.persist)],
		Send:      o.send[:len(o.send):len(o.send)],
		Finalized: o.batches[:len(o.batches):len(o.batches)],
	}
}

// Advance tells the node that the latest Ready was handled: its artifacts
// are persisted and sent and its batches taken for execution.
func (n *Node) Advance() {
	o := &n.out
	o.persist = dropPrefix(o.persist, o.handed[0])
	o.send = dropPrefix(o.send, o.handed[1])
	o.batches = dropPrefix(o.batches, o.handed[2])
	o.handed = [3]int{}
}

func dropPrefix[T any](s []T, k int) []T {
	if k >= len(s) {
		return nil
	}
	return append([]T(nil), s[k:]...)
}

// emitOwn records an artifact this node signed: persisted, sent, and kept
// for rebroadcast.
func (n *Node) emitOwn(hs *heightState, m Message) {
	n.out.persist = append(n.out.persist, m)
	n.out.send = append(n.out.send, m)
	hs.own = append(hs.own, m)
}
