package mgmt

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
)

// Limits on environment variables (ic rs/config execution_environment.rs).
const (
	maxEnvVars        = 20
	maxEnvNameLength  = 128
	maxEnvValueLength = 128
)

var maxCycles = new(big.Int).Lsh(big.NewInt(1), 128) // cycles are nat128

// applySettings validates a canister_settings value and applies its set
// fields to s, returning the new settings; s is not modified.
func applySettings(s Settings, v candid.Value) (Settings, *Reject) {
	s = s.clone()
	if c, ok := optField(v, "controllers"); ok {
		if c.Len() > MaxControllers {
			return s, errPayload(tooMany(MaxControllers))
		}
		ctl := make([]principal.Principal, 0, c.Len())
		for _, e := range c.Elems() {
			p, rej := principalOf(e)
			if rej != nil {
				return s, rej
			}
			ctl = append(ctl, p)
		}
		s.Controllers = ctl
	}
	if x, ok := optField(v, "compute_allocation"); ok {
		n := natValue(x)
		if !n.IsUint64() || n.Uint64() > MaxComputeAllocation {
			return s, reject(CanisterContractViolation, "ComputeAllocation expected to be in the range [0..100], got %s", n)
		}
		s.ComputeAllocation = n.Uint64()
	}
	for _, u := range []struct {
		name, what string
		dst        *uint64
		max        uint64
	}{
		{"memory_allocation", "Memory allocation", &s.MemoryAllocation, 1<<64 - 1},
		{"freezing_threshold", "Freezing threshold", &s.FreezingThreshold, 1<<64 - 1},
		{"wasm_memory_limit", "Wasm memory limit", &s.WasmMemoryLimit, MaxWasmMemoryLimit},
		{"wasm_memory_threshold", "Wasm memory threshold", &s.WasmMemoryThreshold, 1<<64 - 1},
	} {
		if x, ok := optField(v, u.name); ok {
			n := natValue(x)
			if !n.IsUint64() || n.Uint64() > u.max {
				return s, errSettings("%s expected to be in the range of [0..%d], got %s", u.what, u.max, n)
			}
			*u.dst = n.Uint64()
		}
	}
	for _, c := range []struct {
		name string
		dst  **big.Int
	}{{"reserved_cycles_limit", &s.ReservedCyclesLimit}, {"minimum_incoming_canister_call_cycles", &s.MinimumIncomingCanisterCallCycles}} {
		if x, ok := optField(v, c.name); ok {
			n := natValue(x)
			if n.Cmp(maxCycles) >= 0 {
				return s, errSettings("%s expected to be in the range of [0..2^128-1], got %s", c.name, n)
			}
			*c.dst = n
		}
	}
	for _, vis := range []struct {
		name string
		dst  *Visibility
	}{{"log_visibility", &s.LogVisibility}, {"snapshot_visibility", &s.SnapshotVisibility}, {"status_visibility", &s.StatusVisibility}} {
		if x, ok := optField(v, vis.name); ok {
			nv, rej := visibilityOf(x)
			if rej != nil {
				return s, rej
			}
			*vis.dst = nv
		}
	}
	if x, ok := optField(v, "environment_variables"); ok {
		env, rej := envVarsOf(x)
		if rej != nil {
			return s, rej
		}
		s.EnvVars = env
	}
	return s, nil
}

func visibilityOf(v candid.Value) (Visibility, *Reject) {
	name, x := variantName(v)
	switch name {
	case "controllers":
		return Visibility{Kind: Controllers}, nil
	case "public":
		return Visibility{Kind: Public}, nil
	case "allowed_viewers":
		if x.Len() > MaxControllers {
			return Visibility{}, errPayload(tooMany(MaxControllers))
		}
		vs := Visibility{Kind: AllowedViewers, Viewers: []principal.Principal{}}
		for _, e := range x.Elems() {
			p, rej := principalOf(e)
			if rej != nil {
				return Visibility{}, rej
			}
			vs.Viewers = append(vs.Viewers, p)
		}
		return vs, nil
	}
	return Visibility{}, errPayload(fmt.Errorf("unknown visibility %q", name))
}

func envVarsOf(v candid.Value) ([]exec.EnvVar, *Reject) {
	if v.Len() > maxEnvVars {
		return nil, reject(InvalidManagementPayload, "Too many environment variables: %d (max: %d)", v.Len(), maxEnvVars)
	}
	env := make([]exec.EnvVar, 0, v.Len())
	for _, e := range v.Elems() {
		ev := exec.EnvVar{Name: field(e, "name").Text(), Value: field(e, "value").Text()}
		if len(ev.Name) > maxEnvNameLength {
			return nil, reject(InvalidManagementPayload, "Environment variable name %q exceeds the maximum allowed length of %d.", ev.Name, maxEnvNameLength)
		}
		if len(ev.Value) > maxEnvValueLength {
			return nil, reject(InvalidManagementPayload, "Environment variable value %q exceeds the maximum allowed length of %d.", ev.Value, maxEnvValueLength)
		}
		env = append(env, ev)
	}
	slices.SortStableFunc(env, func(a, b exec.EnvVar) int { return cmp.Compare(a.Name, b.Name) })
	for i := 1; i < len(env); i++ {
		if env[i].Name == env[i-1].Name {
			return nil, reject(InvalidManagementPayload, "Duplicate environment variables are not allowed: %q", env[i].Name)
		}
	}
	return env, nil
}

// value returns the definite_canister_settings record.
func (s Settings) value() candid.Value {
	env := make([]candid.Value, len(s.EnvVars))
	for i, e := range s.EnvVars {
		env[i] = candid.RecordValue(candid.NamedValue("name", candid.TextValue(e.Name)), candid.NamedValue("value", candid.TextValue(e.Value)))
	}
	return candid.RecordValue(
		candid.NamedValue("controllers", principalsValue(s.Controllers)),
		candid.NamedValue("compute_allocation", natOf(s.ComputeAllocation)),
		candid.NamedValue("memory_allocation", natOf(s.MemoryAllocation)),
		candid.NamedValue("freezing_threshold", natOf(s.FreezingThreshold)),
		candid.NamedValue("reserved_cycles_limit", candid.NatValue(s.ReservedCyclesLimit)),
		candid.NamedValue("minimum_incoming_canister_call_cycles", candid.NatValue(s.MinimumIncomingCanisterCallCycles)),
		candid.NamedValue("log_visibility", s.LogVisibility.value()),
		candid.NamedValue("snapshot_visibility", s.SnapshotVisibility.value()),
		candid.NamedValue("status_visibility", s.StatusVisibility.value()),
		candid.NamedValue("wasm_memory_limit", natOf(s.WasmMemoryLimit)),
		candid.NamedValue("wasm_memory_threshold", natOf(s.WasmMemoryThreshold)),
		candid.NamedValue("environment_variables", candid.VecValue(env...)),
	)
}

func (v Visibility) value() candid.Value {
	switch v.Kind {
	case Public:
		return candid.VariantValue(candid.NamedValue("public", candid.NullValue()))
	case AllowedViewers:
		return candid.VariantValue(candid.NamedValue("allowed_viewers", principalsValue(v.Viewers)))
	}
	return candid.VariantValue(candid.NamedValue("controllers", candid.NullValue()))
}

func principalsValue(ps []principal.Principal) candid.Value {
	vs := make([]candid.Value, len(ps))
	for i, p := range ps {
		vs[i] = candid.PrincipalValue(p.Bytes())
	}
	return candid.VecValue(vs...)
}

// tooMany is the replica's text for a vector longer than its limit.
type tooMany int

func (n tooMany) Error() string {
	return fmt.Sprintf("The number of elements exceeds maximum allowed %d", int(n))
}
