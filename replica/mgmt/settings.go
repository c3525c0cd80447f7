package mgmt

import (
	"context"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"math/big"
	"slices"

	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
)

// Defaults of a new canister's settings, as the DFINITY replica sets them
// (ic rs/config execution_environment.rs and canister_settings.rs).
const (
	// DefaultFreezingThreshold is 30 days, in seconds.
	DefaultFreezingThreshold = 2_592_000
	// DefaultReservedCyclesLimit is 5 T cycles.
	DefaultReservedCyclesLimit = 5_000_000_000_000
	// DefaultWasmMemoryLimit is 3 GiB.
	DefaultWasmMemoryLimit = 3 << 30
	// MaxControllers bounds a canister's controllers.
	MaxControllers = 10
	// MaxComputeAllocation is 100 percent.
	MaxComputeAllocation = 100
	// MaxWasmMemoryLimit is 2^48 bytes, the largest wasm_memory_limit.
	MaxWasmMemoryLimit = 1 << 48
)

// Visibility is log_visibility, snapshot_visibility or status_visibility:
// who besides the controllers may see the thing.
type Visibility struct {
	Kind    VisibilityKind
	Viewers []principal.Principal // for AllowedViewers, in the order given
}

// VisibilityKind is the alternative of a visibility variant.
type VisibilityKind uint8

// Visibility kinds.
const (
	Controllers VisibilityKind = iota
	Public
	AllowedViewers
)

// allows reports whether p may see the thing; controllers always may.
func (v Visibility) allows(p principal.Principal, controllers []principal.Principal) bool {
	switch {
	case slices.Contains(controllers, p), v.Kind == Public:
		return true
	case v.Kind == AllowedViewers:
		return slices.Contains(v.Viewers, p)
	}
	return false
}

// Settings are a canister's definite_canister_settings.
type Settings struct {
	// Controllers in the order they were given.
	Controllers                       []principal.Principal
	ComputeAllocation                 uint64
	MemoryAllocation                  uint64
	FreezingThreshold                 uint64
	ReservedCyclesLimit               *big.Int
	MinimumIncomingCanisterCallCycles *big.Int
	LogVisibility                     Visibility
	SnapshotVisibility                Visibility
	StatusVisibility                  Visibility
	WasmMemoryLimit                   uint64
	WasmMemoryThreshold               uint64
	// EnvVars sorted by name.
	EnvVars []exec.EnvVar
}

// DefaultSettings returns the settings of a new canister created by
// controller.
func DefaultSettings(controller principal.Principal) Settings {
	return Settings{
		Controllers:                       []principal.Principal{controller},
		FreezingThreshold:                 DefaultFreezingThreshold,
		ReservedCyclesLimit:               big.NewInt(DefaultReservedCyclesLimit),
		MinimumIncomingCanisterCallCycles: new(big.Int),
		WasmMemoryLimit:                   DefaultWasmMemoryLimit,
	}
}

// clone returns a deep copy, so that callers of Get cannot change the table.
func (s Settings) clone() Settings {
	s.Controllers = slices.Clone(s.Controllers)
	s.ReservedCyclesLimit = new(big.Int).Set(s.ReservedCyclesLimit)
	s.MinimumIncomingCanisterCallCycles = new(big.Int).Set(s.MinimumIncomingCanisterCallCycles)
	for _, v := range []*Visibility{&s.LogVisibility, &s.SnapshotVisibility, &s.StatusVisibility} {
		v.Viewers = slices.Clone(v.Viewers)
	}
	s.EnvVars = slices.Clone(s.EnvVars)
	return s
}

// execSettings are the inputs package exec needs about a canister.
func (t *Table) execSettings(c *canister) exec.Settings {
	ctl := make([][]byte, len(c.settings.Controllers))
	for i, p := range c.settings.Controllers {
		ctl[i] = p.Bytes()
	}
	return exec.Settings{
		SubnetID:    t.cfg.SubnetID.Bytes(),
		RootKey:     slices.Clone(t.cfg.RootKey),
		Controllers: ctl,
		EnvVars:     slices.Clone(c.settings.EnvVars),
		Status:      c.status,
	}
}

// sortedPrincipals returns ps sorted by bytes, without duplicates.
func sortedPrincipals(ps []principal.Principal) []principal.Principal {
	s := slices.Clone(ps)
	slices.SortFunc(s, principal.Compare)
	return slices.Compact(s)
}

// updateSettings is update_settings: controllers change the fields that
// are set, all validated before any is applied.
func (t *Table) updateSettings(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.controlled(req, arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	v := field(arg, "settings")
	s, rej := applySettings(c.settings, v)
	if rej != nil {
		return nil, rej
	}
	_, controllersSet := optField(v, "controllers")
	c.settings = s
	t.bump(c)
	if controllersSet {
		caller, fromCanister, callerVersion := origin(req, senderVersion(req, arg))
		c.record(change{time: req.Time, version: t.version(c), caller: caller, fromCanister: fromCanister,
			callerVersion: callerVersion, kind: changeControllers, controllers: slices.Clone(s.Controllers)})
	}
	return unit(req.Method)
}
