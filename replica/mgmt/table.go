package mgmt

import (
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
)

// DefaultProvisionalCycles is the balance of a canister made by
// provisional_create_canister_with_cycles without an amount: 100 T cycles
// (DEFAULT_PROVISIONAL_CYCLES_BALANCE in ic rs/config).
const DefaultProvisionalCycles = 100_000_000_000_000

// Range is an inclusive range of canister ids hosted by the subnet.
type Range struct{ Low, High principal.Principal }

func (r Range) contains(p principal.Principal) bool {
	return principal.Compare(r.Low, p) <= 0 && principal.Compare(p, r.High) <= 0
}

// Config is what a table needs to know about its subnet. It is part of a
// checkpoint.
type Config struct {
	// SubnetID is the hosting subnet (ic0.subnet_self_*).
	SubnetID principal.Principal
	// RootKey is the DER root public key (ic0.root_key_*).
	RootKey []byte
	// NoProvisional refuses the provisional_* methods, as a production
	// subnet does; local networks leave it false so that every caller may
	// use them.
	NoProvisional bool
}

// Table is the canister table of one subnet. See doc.go for who may call
// its methods.
type Table struct {
	eng    *exec.Engine
	cfg    Config
	ranges []Range
	byID   map[principal.Principal]*canister
	ids    []principal.Principal        // sorted
	used   map[principal.Principal]bool // every id ever created, deleted ones included
	rng    int                          // the range allocation is in
	index  uint64                       // the next canister index to try in ranges[rng]
	begun  bool                         // index has been set for ranges[rng]
}

// canister is one row of the table.
type canister struct {
	id          principal.Principal
	exec        *exec.Canister
	settings    Settings
	status      exec.Status
	cycles      *big.Int
	created     uint64 // block time of creation, ns
	installed   uint64 // block time of the last successful install, ns (0: never)
	version     uint64 // the version while no module is installed
	moduleHash  []byte // SHA-256 of the module as submitted; nil when empty
	chunks      chunkStore
	history     []change
	changeCount uint64
}

// Info is what the node needs about a canister. Its slices are copies.
type Info struct {
	ID          principal.Principal
	Status      exec.Status
	Installed   bool
	Controllers []principal.Principal
	Settings    Settings
	Cycles      *big.Int
	Created     uint64
	LastInstall uint64
	// Canister executes the canister's messages (owner methods only from
	// the table's owner).
	Canister *exec.Canister
}

// NewTable returns an empty table for a subnet hosting ranges.
func NewTable(eng *exec.Engine, ranges []Range, cfg Config) (*Table, error) {
	if eng == nil {
		return nil, errors.New("mgmt: nil engine")
	}
	for _, r := range ranges {
		if principal.Compare(r.Low, r.High) > 0 {
			return nil, fmt.Errorf("mgmt: canister range %s..%s is empty", r.Low, r.High)
		}
		if _, ok := r.Low.CanisterIndex(); !ok {
			return nil, fmt.Errorf("mgmt: canister range start %s is not a canister id", r.Low)
		}
	}
	cfg.RootKey = slices.Clone(cfg.RootKey)
	return &Table{
		eng: eng, cfg: cfg, ranges: slices.Clone(ranges),
		byID: map[principal.Principal]*canister{}, used: map[principal.Principal]bool{},
	}, nil
}

// Len returns the number of canisters.
func (t *Table) Len() int { return len(t.ids) }

// Get returns what the node needs to route a message to id.
func (t *Table) Get(id principal.Principal) (Info, bool) {
	c, ok := t.byID[id]
	if !ok {
		return Info{}, false
	}
	return c.info(), true
}

// Each calls f for every canister in id order (the order of the state
// tree) until f returns false.
func (t *Table) Each(f func(id principal.Principal, info Info) bool) {
	for _, id := range t.ids {
		if !f(id, t.byID[id].info()) {
			return
		}
	}
}

// SetCycles sets a canister's balance, for the node after a message has
// burned or attached cycles (exec.Result.Balance). Owner only.
func (t *Table) SetCycles(id principal.Principal, balance exec.Cycles) bool {
	c, ok := t.byID[id]
	if ok {
		c.cycles = bigOfCycles(balance)
	}
	return ok
}

// Hosts reports whether id lies in one of the subnet's canister ranges.
func (t *Table) Hosts(id principal.Principal) bool {
	return slices.ContainsFunc(t.ranges, func(r Range) bool { return r.contains(id) })
}

func (c *canister) info() Info {
	return Info{
		ID: c.id, Status: c.status, Installed: c.exec.Installed(),
		Controllers: slices.Clone(c.settings.Controllers), Settings: c.settings.clone(),
		Cycles: new(big.Int).Set(c.cycles), Created: c.created, LastInstall: c.installed,
		Canister: c.exec,
	}
}

// isController reports whether p controls c.
func (c *canister) isController(p principal.Principal) bool {
	return slices.Contains(c.settings.Controllers, p)
}

// add inserts a new canister row.
func (t *Table) add(c *canister) {
	t.byID[c.id] = c
	t.used[c.id] = true
	i, _ := slices.BinarySearchFunc(t.ids, c.id, principal.Compare)
	t.ids = slices.Insert(t.ids, i, c.id)
}

// remove deletes a canister row; its id stays used.
func (t *Table) remove(id principal.Principal) {
	delete(t.byID, id)
	if i, ok := slices.BinarySearchFunc(t.ids, id, principal.Compare); ok {
		t.ids = slices.Delete(t.ids, i, i+1)
	}
}
