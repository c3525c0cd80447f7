package agent

import (
	"context"
	"fmt"
	"math/big"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// CreateOptions are the inputs of CreateCanister.
type CreateOptions struct {
	// Settings of the new canister; nil for the defaults (the caller as
	// the only controller).
	Settings *Settings
	// Cycles to create it with; nil for the replica's default.
	Cycles *big.Int
	// SpecifiedID asks for this canister id, if the replica allows it.
	SpecifiedID *principal.Principal
	// EffectiveCanisterID is any canister id in the ranges of the subnet
	// to create the canister on. The zero value sends aaaaa-aa, which
	// only replicas that do not check ranges accept.
	EffectiveCanisterID principal.Principal
}

// CreateCanister creates an empty canister with
// provisional_create_canister_with_cycles (development networks) and
// returns its id.
func (a *Agent) CreateCanister(ctx context.Context, opts CreateOptions) (principal.Principal, error) {
	settings := candid.NoneValue()
	if opts.Settings != nil {
		settings = candid.OptValue(opts.Settings.value())
	}
	fs := []candid.FieldValue{candid.NamedValue("settings", settings)}
	if opts.Cycles != nil {
		fs = append(fs, candid.NamedValue("amount", candid.OptValue(candid.NatValue(opts.Cycles))))
	}
	if opts.SpecifiedID != nil {
		fs = append(fs, candid.NamedValue("specified_id", candid.OptValue(candid.PrincipalValue(opts.SpecifiedID.Bytes()))))
	}
	vs, err := a.callManagement(ctx, "provisional_create_canister_with_cycles", opts.EffectiveCanisterID, candid.RecordValue(fs...))
	if err != nil {
		return principal.Principal{}, err
	}
	id, ok := vs[0].Field("canister_id")
	if !ok {
		return principal.Principal{}, malformed("create reply", fmt.Errorf("no canister_id in %s", vs[0]))
	}
	p, err := principal.FromBytes(id.Bytes())
	if err != nil {
		return principal.Principal{}, malformed("create reply", err)
	}
	return p, nil
}

// CanisterStatus is the result of canister_status, with the fields tools
// print most; Value holds the whole record.
type CanisterStatus struct {
	Status           string // "running", "stopping" or "stopped"
	ModuleHash       []byte // nil when no module is installed
	Controllers      []principal.Principal
	Cycles           *big.Int
	MemorySize       *big.Int
	ReservedCycles   *big.Int
	IdleCyclesPerDay *big.Int
	Version          uint64
	Value            candid.Value
}

// CanisterStatus calls canister_status; only controllers may.
func (a *Agent) CanisterStatus(ctx context.Context, id principal.Principal) (*CanisterStatus, error) {
	vs, err := a.callManagement(ctx, "canister_status", id, canisterArg(id))
	if err != nil {
		return nil, err
	}
	return parseCanisterStatus(vs[0])
}

// parseCanisterStatus reads the record that ic.did's types guarantee.
func parseCanisterStatus(v candid.Value) (*CanisterStatus, error) {
	st := &CanisterStatus{Value: v}
	if s, ok := v.Field("status"); ok && len(s.Fields()) == 1 {
		st.Status = s.Fields()[0].Name
	}
	if h, ok := v.Field("module_hash"); ok {
		if inner, some := h.Opt(); some {
			st.ModuleHash = inner.Bytes()
		}
	}
	if set, ok := v.Field("settings"); ok {
		if cs, ok := set.Field("controllers"); ok {
			for _, c := range cs.Elems() {
				p, err := principal.FromBytes(c.Bytes())
				if err != nil {
					return nil, malformed("canister status", err)
				}
				st.Controllers = append(st.Controllers, p)
			}
		}
	}
	nat := func(name string) *big.Int {
		if f, ok := v.Field(name); ok {
			return f.Big()
		}
		return nil
	}
	st.Cycles, st.MemorySize = nat("cycles"), nat("memory_size")
	st.ReservedCycles, st.IdleCyclesPerDay = nat("reserved_cycles"), nat("idle_cycles_burned_per_day")
	if ver, ok := v.Field("version"); ok {
		st.Version = ver.Uint64()
	}
	return st, nil
}
