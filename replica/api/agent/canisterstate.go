package agent

import (
	"context"
	"fmt"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// lookupCanister reads one value under /canister/<id>/… through
// read_state; found is false when the certificate proves it absent.
func (a *Agent) lookupCanister(ctx context.Context, canister principal.Principal, what string, sub ...string) (value []byte, found bool, err error) {
	p := Path{[]byte("canister"), canister.Bytes(), []byte(what)}
	for _, s := range sub {
		p = append(p, []byte(s))
	}
	cert, err := a.ReadState(ctx, canister, p)
	if err != nil {
		return nil, false, fmt.Errorf("agent: reading %s of %s: %w", what, canister, err)
	}
	v, res := cert.Tree.Lookup(p...)
	switch res {
	case hashtree.Found:
		return append([]byte{}, v...), true, nil
	case hashtree.Absent:
		return nil, false, nil
	}
	return nil, false, fmt.Errorf("agent: reading %s of %s: %w", what, canister,
		malformed("certificate", fmt.Errorf("path is %s", res)))
}

// CanisterModuleHash returns the SHA-256 of the canister's installed
// module, or nil when no module is installed.
func (a *Agent) CanisterModuleHash(ctx context.Context, canister principal.Principal) ([]byte, error) {
	v, _, err := a.lookupCanister(ctx, canister, "module_hash")
	return v, err
}

// CanisterControllers returns the controllers the state tree lists for the
// canister (a CBOR array of principals), nil if the canister does not exist.
func (a *Agent) CanisterControllers(ctx context.Context, canister principal.Principal) ([]principal.Principal, error) {
	v, found, err := a.lookupCanister(ctx, canister, "controllers")
	if err != nil || !found {
		return nil, err
	}
	ps, err := parseControllers(v)
	if err != nil {
		return nil, fmt.Errorf("agent: controllers of %s: %w", canister, malformed("controllers", err))
	}
	return ps, nil
}

// CanisterMetadata returns the content of the canister's public (or, for a
// controller, private) custom section "icp:public <name>"; found is false
// when the canister has no such section.
func (a *Agent) CanisterMetadata(ctx context.Context, canister principal.Principal, name string) (value []byte, found bool, err error) {
	return a.lookupCanister(ctx, canister, "metadata", name)
}

// parseControllers decodes #6.55799([* bytes]).
func parseControllers(b []byte) ([]principal.Principal, error) {
	r := cbor.NewReader(b)
	r.SkipSelfDescribe()
	n, err := r.ArrayLen()
	if err != nil {
		return nil, err
	}
	ps := make([]principal.Principal, 0, n)
	for range n {
		raw, err := r.Bytes()
		if err != nil {
			return nil, err
		}
		p, err := principal.FromBytes(raw)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, r.End()
}
