package envelope

import (
	"net/http"
	"strconv"

	"github.com/threshold-ic/threshold/replica/api/keys"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// chain is the outcome of walking a delegation chain.
type chain struct {
	key         keys.PublicKey        // the key that must sign the request
	targets     []principal.Principal // nil: unrestricted
	queriesOnly bool
}

// verifyChain checks sender_delegation from the sender's key: each
// delegation signed by the previous key, unexpired at now, with a valid
// permissions value, no key used twice, and the targets intersected
// (interface spec § Authentication; abstract-behavior.md verify_delegations).
func verifyChain(id RequestID, senderKey []byte, ds []SignedDelegation, now uint64, cache *keys.Cache) (chain, *Error) {
	key, err := cache.ParseDER(senderKey)
	if err != nil {
		return chain{}, authFailed(id, ErrPublicKey, "invalid sender public key: %v", err)
	}
	if len(ds) > MaxDelegations {
		return chain{}, authFailed(id, ErrDelegation, "chain of %d delegations exceeds %d", len(ds), MaxDelegations)
	}
	c := chain{key: key}
	seen := map[string]bool{string(senderKey): true}
	for i := range ds {
		d := &ds[i].Delegation
		switch d.Permissions {
		case "", PermissionsAll:
		case PermissionsQueries:
			c.queriesOnly = true
		default:
			return chain{}, authFailed(id, ErrPermissions, "delegation %d has invalid permissions %q", i, d.Permissions)
		}
		if seen[string(d.PubKey)] {
			return chain{}, authFailed(id, ErrDelegation, "delegation %d repeats a public key (cycle or self-delegation)", i)
		}
		seen[string(d.PubKey)] = true
		if err := cache.Verify(c.key, d.SignedBytes(), ds[i].Signature); err != nil {
			return chain{}, authFailed(id, ErrDelegation, "invalid signature on delegation %d: %v", i, err)
		}
		if d.Expiration < now {
			return chain{}, &Error{
				Status: http.StatusBadRequest,
				Message: "Invalid delegation expiry: delegation " + strconv.Itoa(i) + " expired at " +
					formatTime(d.Expiration) + ", current time " + formatTime(now),
				Err: ErrDelegationExpiry,
			}
		}
		if d.Targets != nil {
			if len(d.Targets) > MaxTargets {
				return chain{}, authFailed(id, ErrDelegation, "delegation %d has %d targets, more than %d", i, len(d.Targets), MaxTargets)
			}
			c.targets = intersect(c.targets, d.Targets)
		}
		if c.key, err = cache.ParseDER(d.PubKey); err != nil {
			return chain{}, authFailed(id, ErrPublicKey, "invalid public key in delegation %d: %v", i, err)
		}
	}
	return c, nil
}

// intersect returns the targets in both lists; acc == nil means "all".
// The result is never nil once a list has been applied.
func intersect(acc, ts []principal.Principal) []principal.Principal {
	if acc == nil {
		out := make([]principal.Principal, 0, len(ts))
		set := make(map[principal.Principal]bool, len(ts))
		for _, t := range ts {
			if !set[t] {
				set[t] = true
				out = append(out, t)
			}
		}
		return out
	}
	set := make(map[principal.Principal]bool, len(ts))
	for _, t := range ts {
		set[t] = true
	}
	out := make([]principal.Principal, 0, len(acc))
	for _, t := range acc {
		if set[t] {
			out = append(out, t)
		}
	}
	return out
}
