package routing

import (
	"fmt"
	"net/url"
	"slices"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Kind is a subnet's type, as the registry names it.
type Kind string

// Subnet kinds.
const (
	System      Kind = "system"
	Application Kind = "application"
)

// Range is an inclusive range of canister ids, compared as byte strings
// (interface spec § Principals, canister_ranges).
type Range struct {
	Low, High principal.Principal
}

// Contains reports whether id lies in the range.
func (r Range) Contains(id principal.Principal) bool {
	return principal.Compare(r.Low, id) <= 0 && principal.Compare(id, r.High) <= 0
}

// Node is a replica node and the base URL of its HTTP API.
type Node struct {
	ID  principal.Principal
	URL *url.URL
}

// Subnet is a subnet: its id, kind, the canister ranges it hosts and its
// nodes.
type Subnet struct {
	ID     principal.Principal
	Kind   Kind
	Ranges []Range
	Nodes  []Node
}

// Table is an immutable routing table. Build it with NewTable or
// FromNetworkFile; never modify the slices it returns.
type Table struct {
	rootKey []byte
	subnets []Subnet
	byID    map[principal.Principal]int
	ranges  []tableRange // sorted by Low, disjoint
}

type tableRange struct {
	Range
	subnet int
}

// NewTable checks subnets and builds a table from them: subnet ids unique,
// every subnet with at least one node, every node URL absolute http(s),
// node (id, URL) pairs unique, ranges well-formed and disjoint. rootKey is
// the network's DER root key (kept for callers; may be nil).
func NewTable(rootKey []byte, subnets []Subnet) (*Table, error) {
	t := &Table{rootKey: slices.Clone(rootKey), subnets: slices.Clone(subnets), byID: map[principal.Principal]int{}}
	seen := map[nodeKey]bool{}
	for i, s := range t.subnets {
		if _, dup := t.byID[s.ID]; dup {
			return nil, fmt.Errorf("routing: subnet %s listed twice", s.ID)
		}
		t.byID[s.ID] = i
		if len(s.Nodes) == 0 {
			return nil, fmt.Errorf("routing: subnet %s has no nodes", s.ID)
		}
		for _, n := range s.Nodes {
			if n.URL == nil || (n.URL.Scheme != "http" && n.URL.Scheme != "https") || n.URL.Host == "" {
				return nil, fmt.Errorf("routing: node %s of subnet %s: API URL must be absolute http(s)", n.ID, s.ID)
			}
			k := keyOf(n)
			if seen[k] {
				return nil, fmt.Errorf("routing: node %s at %s listed twice", n.ID, n.URL)
			}
			seen[k] = true
		}
		for _, r := range s.Ranges {
			if principal.Compare(r.Low, r.High) > 0 {
				return nil, fmt.Errorf("routing: subnet %s: range [%s, %s] is empty", s.ID, r.Low, r.High)
			}
			t.ranges = append(t.ranges, tableRange{r, i})
		}
	}
	slices.SortFunc(t.ranges, func(a, b tableRange) int { return principal.Compare(a.Low, b.Low) })
	for i := 1; i < len(t.ranges); i++ {
		if principal.Compare(t.ranges[i].Low, t.ranges[i-1].High) <= 0 {
			return nil, fmt.Errorf("routing: ranges of subnets %s and %s overlap at %s",
				t.subnets[t.ranges[i-1].subnet].ID, t.subnets[t.ranges[i].subnet].ID, t.ranges[i].Low)
		}
	}
	return t, nil
}

// RootKey is the network's DER root key, if the table was given one.
func (t *Table) RootKey() []byte { return t.rootKey }

// Subnets lists the subnets in the order they were given.
func (t *Table) Subnets() []Subnet { return t.subnets }

// Subnet returns the subnet with this id.
func (t *Table) Subnet(id principal.Principal) (*Subnet, bool) {
	i, ok := t.byID[id]
	if !ok {
		return nil, false
	}
	return &t.subnets[i], true
}

// SubnetForCanister returns the subnet whose ranges hold the canister id.
func (t *Table) SubnetForCanister(id principal.Principal) (*Subnet, bool) {
	// The last range starting at or below id is the only candidate.
	i, found := slices.BinarySearchFunc(t.ranges, id, func(r tableRange, id principal.Principal) int {
		return principal.Compare(r.Low, id)
	})
	if !found {
		i--
	}
	if i < 0 || !t.ranges[i].Contains(id) {
		return nil, false
	}
	return &t.subnets[t.ranges[i].subnet], true
}

// defaultSubnet is the subnet for /api/v2/status and management-canister
// requests: preferred if it is in the table, else the first application
// subnet, else the first subnet.
func (t *Table) defaultSubnet(preferred principal.Principal) *Subnet {
	if s, ok := t.Subnet(preferred); ok {
		return s
	}
	for i := range t.subnets {
		if t.subnets[i].Kind == Application {
			return &t.subnets[i]
		}
	}
	if len(t.subnets) == 0 {
		return nil
	}
	return &t.subnets[0]
}

// nodeKey identifies a node across tables: the same id at the same URL.
type nodeKey struct {
	id  principal.Principal
	url string
}

func keyOf(n Node) nodeKey { return nodeKey{n.ID, n.URL.String()} }
