package mgmt

import (
	"math"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// allocate returns the next free canister id: the ranges are walked in
// the order given and, inside one, index by index from its start, skipping
// ids already taken (by specified_id) or ever deleted. It returns false
// when the ranges are exhausted.
func (t *Table) allocate() (principal.Principal, bool) {
	for t.rng < len(t.ranges) {
		r := t.ranges[t.rng]
		if !t.begun {
			t.index, _ = r.Low.CanisterIndex()
			t.begun = true
		}
		for {
			id := principal.CanisterID(t.index)
			if !r.contains(id) {
				break
			}
			last := t.index == math.MaxUint64
			t.index++
			if last {
				t.rng, t.begun = t.rng+1, false
			}
			if !t.used[id] {
				return id, true
			}
			if last {
				break
			}
		}
		if t.begun {
			t.rng, t.begun = t.rng+1, false
		}
	}
	return principal.Principal{}, false
}

// errOutOfIDs is CanisterManagerError::SubnetOutOfCanisterIds.
func errOutOfIDs() *Reject {
	return reject(SubnetOversubscribed, "Could not create canister. Subnet has surpassed its canister ID allocation.")
}

// checkSpecifiedID validates provisional_create_canister_with_cycles's
// specified_id: it must be free and inside the subnet's ranges.
func (t *Table) checkSpecifiedID(id principal.Principal) *Reject {
	if t.used[id] {
		return reject(CanisterIDAlreadyExists,
			"Unsuccessful canister creation: canister id %s already exists.", id)
	}
	if !t.Hosts(id) {
		return reject(CanisterNotHostedBySubnet,
			"Unsuccessful validation of specified ID: Specified CanisterId %s is not hosted by subnet %s.", id, t.cfg.SubnetID)
	}
	return nil
}
