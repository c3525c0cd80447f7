package node

import (
	"fmt"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// SubnetKind is the type of a subnet as the state tree publishes it at
// /subnet/<sid>/type.
type SubnetKind string

// Subnet kinds.
const (
	System      SubnetKind = "system"
	Application SubnetKind = "application"
)

// Subnet describes one subnet of the network: what every node publishes
// about it under /subnet and /canister_ranges.
type Subnet struct {
	ID        principal.Principal
	Kind      SubnetKind
	PublicKey []byte // DER BLS12-381 key (133 bytes)
	Ranges    []Range
	Nodes     []NodeInfo
}

// NodeInfo is a node's id and DER Ed25519 public key.
type NodeInfo struct {
	ID        principal.Principal
	PublicKey []byte
}

// Range is an inclusive range of canister ids.
type Range struct{ Low, High principal.Principal }

// Contains reports whether id lies in r.
func (r Range) Contains(id principal.Principal) bool {
	return r.Low.Compare(id) <= 0 && id.Compare(r.High) <= 0
}

// certifyRanges converts ranges to the form certify encodes.
func certifyRanges(rs []Range) certify.Ranges {
	out := make(certify.Ranges, len(rs))
	for i, r := range rs {
		out[i] = certify.Range{Low: r.Low.Bytes(), High: r.High.Bytes()}
	}
	return out
}

// Topology is the network as one node sees it: the root key, its own
// subnet, and every subnet (its own included), sorted by id.
type Topology struct {
	RootKey []byte // DER
	Self    principal.Principal
	Subnets []Subnet
}

// Subnet returns the subnet with the given id.
func (t *Topology) Subnet(id principal.Principal) (*Subnet, bool) {
	for i := range t.Subnets {
		if t.Subnets[i].ID == id {
			return &t.Subnets[i], true
		}
	}
	return nil, false
}

// Own returns the node's own subnet.
func (t *Topology) Own() *Subnet {
	s, _ := t.Subnet(t.Self)
	return s
}

// validate checks that the topology is usable.
func (t *Topology) validate() error {
	own, ok := t.Subnet(t.Self)
	if !ok {
		return fmt.Errorf("node: topology lacks the node's own subnet %s", t.Self)
	}
	if len(own.Ranges) == 0 {
		return fmt.Errorf("node: subnet %s has no canister ranges", t.Self)
	}
	for i := 1; i < len(t.Subnets); i++ {
		if t.Subnets[i-1].ID.Compare(t.Subnets[i].ID) >= 0 {
			return fmt.Errorf("node: topology subnets not sorted by id")
		}
	}
	return nil
}

// hosts reports whether the node's subnet hosts canister id.
func (t *Topology) hosts(id principal.Principal) bool {
	for _, r := range t.Own().Ranges {
		if r.Contains(id) {
			return true
		}
	}
	return false
}
