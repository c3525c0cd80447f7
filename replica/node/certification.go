package node

import (
	"fmt"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/threshold"
	"github.com/threshold-ic/threshold/replica/api/envelope"
)

// certify signs the current state's root with the node's share of the
// subnet key, combines the shares (here the node's own; with more nodes,
// the shares gossiped by its peers) and publishes the certified state. The
// combined signature is a plain BLS signature under the subnet's public
// key, the one that certificates carry (certification.md).
func (n *Node) certify() error {
	root := n.exec.root()
	msg := certify.SignedMessage(root.Digest())
	col, err := threshold.NewCollector(n.cfg.Dealing, msg)
	if err != nil {
		return fmt.Errorf("node: certification: %w", err)
	}
	share := n.cfg.Share.Sign(msg)
	status, err := col.Add(share.Index, share.Signature.Bytes())
	if err != nil {
		return fmt.Errorf("node: certification share: %w", err)
	}
	if status != threshold.Reached {
		// More nodes than this one: the loop waits for peers' shares.
		return fmt.Errorf("node: certification needs %d shares", n.cfg.Dealing.Threshold())
	}
	sig, _ := col.Signature()
	n.publish(&certifiedState{height: n.exec.height, time: n.exec.time, tree: root, sig: sig.Bytes()})
	return nil
}

// publish makes cs the state that clients see and wakes the callers
// waiting for requests that it now answers.
func (n *Node) publish(cs *certifiedState) {
	n.waitMu.Lock()
	defer n.waitMu.Unlock()
	n.certified.Store(cs)
	if len(n.waiters) == 0 {
		return
	}
	rs, _ := cs.tree.GetMap(labelRequestStatus)
	for id, chans := range n.waiters {
		if _, ok := rs.Get(id[:]); ok {
			for _, c := range chans {
				close(c)
			}
			delete(n.waiters, id)
		}
	}
}

// wait returns a channel that is closed once request id has a terminal
// status in certified state (at once if it has one already), and a
// function that gives up the wait.
func (n *Node) wait(id envelope.RequestID) (<-chan struct{}, func()) {
	c := make(chan struct{})
	n.waitMu.Lock()
	defer n.waitMu.Unlock()
	if cs := n.certified.Load(); cs != nil {
		if rs, ok := cs.tree.GetMap(labelRequestStatus); ok {
			if _, done := rs.Get(id[:]); done {
				close(c)
				return c, func() {}
			}
		}
	}
	n.waiters[id] = append(n.waiters[id], c)
	return c, func() {
		n.waitMu.Lock()
		defer n.waitMu.Unlock()
		cs := n.waiters[id]
		for i, x := range cs {
			if x == c {
				n.waiters[id] = append(cs[:i], cs[i+1:]...)
				break
			}
		}
		if len(n.waiters[id]) == 0 {
			delete(n.waiters, id)
		}
	}
}
