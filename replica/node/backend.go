package node

import (
	"context"
	"crypto/ed25519"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/httpapi"
)

var _ httpapi.Backend = (*Node)(nil)

// Now implements httpapi.Backend.
func (n *Node) Now() time.Time { return n.cfg.Now() }

// RootKey implements httpapi.Backend.
func (n *Node) RootKey() []byte { return n.cfg.Topology.RootKey }

// SubnetID implements httpapi.Backend.
func (n *Node) SubnetID() principal.Principal { return n.subnetID }

// NodeID implements httpapi.Backend.
func (n *Node) NodeID() principal.Principal { return n.nodeID }

// SignResponse implements httpapi.Backend.
func (n *Node) SignResponse(msg []byte) []byte { return ed25519.Sign(n.cfg.NodeKey, msg) }

// Health implements httpapi.Backend.
func (n *Node) Health() (string, uint64) {
	cs := n.certified.Load()
	switch {
	case cs == nil:
		return "starting", 0
	case n.cfg.Delegation != nil && n.delegation.Load() == nil:
		return "waiting_for_root_delegation", cs.height
	}
	return "healthy", cs.height
}

// HostsCanister implements httpapi.Backend.
func (n *Node) HostsCanister(id principal.Principal) bool { return n.cfg.Topology.hosts(id) }

// Submit implements httpapi.Backend.
func (n *Node) Submit(ctx context.Context, in httpapi.Ingress) error {
	if n.certified.Load() == nil {
		return httpapi.ErrUnavailable
	}
	rej := n.exec.checkIngress(ctx, in.Sender, in.Canister, in.Method, in.Arg)
	if rej != nil {
		return &httpapi.Reject{Code: int(rej.Code), Message: rej.Message, ErrorCode: rej.ErrorCode.String()}
	}
	m := message{ID: in.ID, Sender: in.Sender, Canister: in.Canister, Effective: in.Effective,
		Method: in.Method, Arg: in.Arg, Expiry: uint64(in.Expiry.UnixNano())}
	if !n.pool.add(m) {
		return httpapi.ErrPoolFull
	}
	return nil
}

// Await implements httpapi.Backend.
func (n *Node) Await(ctx context.Context, id envelope.RequestID) bool {
	c, cancel := n.wait(id)
	defer cancel()
	select {
	case <-c:
		return true
	case <-ctx.Done():
		return false
	case <-n.stop:
		return false
	}
}

// ReadState implements httpapi.Backend.
func (n *Node) ReadState(ctx context.Context, paths [][][]byte) ([]byte, error) {
	cs := n.certified.Load()
	if cs == nil {
		return nil, httpapi.ErrUnavailable
	}
	return n.certificate(cs, append(paths, [][]byte{labelTime})), nil
}

// certificate is a certificate of cs revealing paths.
func (n *Node) certificate(cs *certifiedState, paths [][][]byte) []byte {
	c := certify.Certificate{Tree: cs.tree.Witness(paths...), Signature: cs.sig, Delegation: n.delegation.Load()}
	return c.Encode()
}

// RequestOwner implements httpapi.Backend.
func (n *Node) RequestOwner(id envelope.RequestID) (sender, effective principal.Principal, ok bool) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	r, ok := n.exec.hist.byID[id]
	if !ok {
		return principal.Principal{}, principal.Principal{}, false
	}
	return r.sender, r.effective, true
}

// Controllers implements httpapi.Backend.
func (n *Node) Controllers(id principal.Principal) ([]principal.Principal, bool) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	ci, ok := n.exec.table.Get(id)
	if !ok {
		return nil, false
	}
	return ci.Controllers, true
}

// MetadataVisibility implements httpapi.Backend.
func (n *Node) MetadataVisibility(id principal.Principal, name string) (public, exists bool) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	ci, ok := n.exec.table.Get(id)
	if !ok {
		return false, false
	}
	md, ok := ci.Canister.Metadata(name)
	return md.Public, ok
}
