package agent

import (
	"context"
	"fmt"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/replica/api/keys"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// subnetTTL is how long node keys read from /subnet are trusted before
// they are read again (ic-agent's subnet cache, 300 s).
const subnetTTL = 5 * time.Minute

// subnetInfo is what the agent knows of a subnet: its id, canister ranges
// and node keys, from one verified read_state of /subnet.
type subnetInfo struct {
	id      principal.Principal
	ranges  certify.Ranges
	nodes   map[principal.Principal]keys.PublicKey
	fetched time.Time
}

// subnetCache holds subnetInfo by subnet id; Agent.mu guards it.
type subnetCache map[principal.Principal]*subnetInfo

// subnetFor returns the subnet that hosts ecid, from the cache if it is
// fresh, else from a new read_state of /subnet at ecid.
func (a *Agent) subnetFor(ctx context.Context, ecid principal.Principal) (*subnetInfo, error) {
	now := a.now()
	a.mu.Lock()
	for _, s := range a.subnets {
		if now.Sub(s.fetched) < subnetTTL && s.ranges.Contains(ecid.Bytes()) {
			a.mu.Unlock()
			return s, nil
		}
	}
	a.mu.Unlock()
	return a.fetchSubnet(ctx, ecid)
}

// fetchSubnet reads /subnet at ecid, checks that ecid lies in the ranges of
// the subnet that signed the answer, and caches the subnet's node keys.
func (a *Agent) fetchSubnet(ctx context.Context, ecid principal.Principal) (*subnetInfo, error) {
	cert, info, err := a.readState(ctx, ecid, []Path{NewPath("subnet")})
	if err != nil {
		return nil, fmt.Errorf("agent: reading the subnet's node keys: %w", err)
	}
	sid, err := principal.FromBytes(info.SubnetID)
	if err != nil {
		return nil, malformed("subnet id", err)
	}
	ranges := info.Ranges
	if !info.Delegated {
		if ranges, err = certify.SubnetRanges(cert.Tree, info.SubnetID); err != nil {
			return nil, fmt.Errorf("%w: subnet %s publishes no ranges: %w", ErrNotInSubnet, sid, err)
		}
	}
	if !ranges.Contains(ecid.Bytes()) {
		return nil, fmt.Errorf("%w: %s is not in the ranges of subnet %s", ErrNotInSubnet, ecid, sid)
	}
	nodes, err := nodeKeys(cert.Tree, info.SubnetID)
	if err != nil {
		return nil, fmt.Errorf("agent: subnet %s: %w", sid, err)
	}
	s := &subnetInfo{id: sid, ranges: ranges, nodes: nodes, fetched: a.now()}
	a.mu.Lock()
	if a.subnets == nil {
		a.subnets = make(subnetCache)
	}
	a.subnets[sid] = s
	a.mu.Unlock()
	return s, nil
}

// nodeKeys reads /subnet/<sid>/node/<nid>/public_key for every node: DER
// Ed25519 keys whose self-authenticating id must be the node id.
func nodeKeys(t hashtree.Tree, sid []byte) (map[principal.Principal]keys.PublicKey, error) {
	sub, res := t.LookupSubtree([]byte("subnet"), sid, []byte("node"))
	if res != hashtree.Found {
		return nil, malformed("node keys", fmt.Errorf("/subnet/<sid>/node is %s", res))
	}
	nodes := make(map[principal.Principal]keys.PublicKey)
	for n := range sub.Flatten() {
		if n.Kind() != hashtree.KindLabeled {
			continue
		}
		nid, err := principal.FromBytes(n.Label())
		if err != nil {
			return nil, malformed("node id", err)
		}
		der, res := n.Subtree().Lookup([]byte("public_key"))
		if res != hashtree.Found {
			continue
		}
		pk, err := keys.ParseDER(der)
		if err != nil || pk.Scheme() != keys.SchemeEd25519 {
			return nil, malformed("node key", fmt.Errorf("node %s: not a DER Ed25519 key", nid))
		}
		nodes[nid] = pk
	}
	if len(nodes) == 0 {
		return nil, malformed("node keys", fmt.Errorf("no node keys revealed"))
	}
	return nodes, nil
}
