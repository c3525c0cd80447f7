package consensus

import (
	"errors"
	"fmt"
	"slices"
)

// waitError says that an artifact depends on something this node has not
// seen yet; verified records whether its signature was already checked.
type waitError struct{ verified bool }

func (w *waitError) Error() string { return "consensus: waiting for a dependency" }

func wait(verified bool) error { return &waitError{verified} }

// horizon is the highest height this node buffers artifacts for.
func (n *Node) horizon() uint64 { return max(n.round, n.finalized) + lookahead }

// accept validates m and absorbs it, parks it, or ignores it. verified says
// that m's signature was checked before it was parked.
func (n *Node) accept(m Message, verified bool) error {
	h := m.height()
	switch {
	case h == 0:
		return reject(m, fmt.Errorf("%w: height 0", ErrHeight))
	case h <= n.delivered:
		return nil // stale: everything up to here is final and delivered
	case h > n.horizon():
		return reject(m, fmt.Errorf("%w: %d is beyond %d", ErrHeight, h, n.horizon()))
	}
	if s := m.signer(); !isAggregate(m) && (s < 0 || s >= n.n) {
		return reject(m, fmt.Errorf("%w: %d of %d nodes", ErrUnknownSigner, s, n.n))
	}
	hs := n.state(h)
	var err error
	switch m := m.(type) {
	case *BeaconShare:
		err = n.acceptBeaconShare(hs, m)
	case *Beacon:
		err = n.acceptBeacon(hs, m)
	case *Proposal:
		err = n.acceptProposal(hs, m, verified)
	case *NotarizationShare:
		err = n.acceptNotarizationShare(hs, m, verified)
	case *Notarization:
		err = n.acceptNotarization(hs, m)
	case *FinalizationShare:
		err = n.acceptFinalizationShare(hs, m)
	case *Finalization:
		err = n.acceptFinalization(hs, m)
	}
	var w *waitError
	if errors.As(err, &w) {
		if hs.park(m, w.verified) { // over quota: dropped; a rebroadcast brings it back
			n.parked++
		}
		return nil
	}
	if err != nil {
		return reject(m, err)
	}
	return nil
}

// retryPending offers parked artifacts again, lowest height first. Errors
// found now are dropped: the sender is long gone from the call stack.
func (n *Node) retryPending() bool {
	top := max(n.round+1, n.finalized)
	var hs []uint64
	for h, st := range n.heights {
		if h <= top && len(st.pending) > 0 {
			hs = append(hs, h)
		}
	}
	slices.Sort(hs)
	progress := false
	for _, h := range hs {
		for _, p := range n.heights[h].takePending() {
			before := n.parked
			_ = n.accept(p.m, p.verified)
			if n.parked == before {
				progress = true // absorbed or dropped rather than parked again
			}
		}
	}
	return progress
}

// isAggregate reports whether m carries no single signer.
func isAggregate(m Message) bool {
	switch m.Type() {
	case TypeBeacon, TypeNotarization, TypeFinalization:
		return true
	}
	return false
}
