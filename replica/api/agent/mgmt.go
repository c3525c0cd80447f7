package agent

import (
	"context"
	_ "embed"
	"fmt"
	"math/big"
	"sync"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// icDid is the management canister's interface: a verbatim copy of
// replica/mgmt/ic.did (interface spec 0.66.0), kept equal by a test.
//
//go:embed ic.did
var icDid string

var parsedDid = sync.OnceValues(func() (*candid.Did, error) { return candid.ParseDid(icDid) })

// ManagementInterface returns the parsed ic.did, for tools that encode
// management arguments or print their results.
func ManagementInterface() (*candid.Did, error) { return parsedDid() }

// Settings are canister settings to set; nil fields are left as they are
// (or at their defaults on creation).
type Settings struct {
	Controllers         []principal.Principal // nil: unchanged; the creator by default
	ComputeAllocation   *big.Int
	MemoryAllocation    *big.Int
	FreezingThreshold   *big.Int
	ReservedCyclesLimit *big.Int
	WasmMemoryLimit     *big.Int
}

// value returns the canister_settings record; absent fields are filled
// with null by the encoder.
func (s *Settings) value() candid.Value {
	var fs []candid.FieldValue
	if s.Controllers != nil {
		ps := make([]candid.Value, len(s.Controllers))
		for i, p := range s.Controllers {
			ps[i] = candid.PrincipalValue(p.Bytes())
		}
		fs = append(fs, candid.NamedValue("controllers", candid.OptValue(candid.VecValue(ps...))))
	}
	for _, f := range []struct {
		name string
		v    *big.Int
	}{
		{"compute_allocation", s.ComputeAllocation},
		{"memory_allocation", s.MemoryAllocation},
		{"freezing_threshold", s.FreezingThreshold},
		{"reserved_cycles_limit", s.ReservedCyclesLimit},
		{"wasm_memory_limit", s.WasmMemoryLimit},
	} {
		if f.v != nil {
			fs = append(fs, candid.NamedValue(f.name, candid.OptValue(candid.NatValue(f.v))))
		}
	}
	return candid.RecordValue(fs...)
}

// callManagement calls a method of aaaaa-aa with one record argument,
// encoded and decoded with the types of ic.did, through the effective
// canister id ecid.
func (a *Agent) callManagement(ctx context.Context, method string, ecid principal.Principal, arg candid.Value) ([]candid.Value, error) {
	did, err := parsedDid()
	if err != nil {
		return nil, fmt.Errorf("agent: ic.did: %w", err)
	}
	f, ok := did.Method(method)
	if !ok {
		return nil, fmt.Errorf("agent: ic.did has no method %s", method)
	}
	b, err := candid.Encode(f.Args(), []candid.Value{arg})
	if err != nil {
		return nil, fmt.Errorf("agent: encoding the argument of %s: %w", method, err)
	}
	reply, err := a.Call(ctx, principal.Management, method, b, CallOptions{EffectiveCanisterID: ecid})
	if err != nil {
		return nil, err
	}
	vs, err := candid.Decode(reply, f.Results())
	if err != nil {
		return nil, fmt.Errorf("agent: decoding the reply of %s: %w", method, err)
	}
	return vs, nil
}

// canisterArg is record { canister_id }.
func canisterArg(id principal.Principal) candid.Value {
	return candid.RecordValue(candid.NamedValue("canister_id", candid.PrincipalValue(id.Bytes())))
}

// StartCanister starts a stopped or stopping canister.
func (a *Agent) StartCanister(ctx context.Context, id principal.Principal) error {
	_, err := a.callManagement(ctx, "start_canister", id, canisterArg(id))
	return err
}

// StopCanister stops a canister; it returns once the canister is stopped.
func (a *Agent) StopCanister(ctx context.Context, id principal.Principal) error {
	_, err := a.callManagement(ctx, "stop_canister", id, canisterArg(id))
	return err
}

// DeleteCanister deletes a stopped canister.
func (a *Agent) DeleteCanister(ctx context.Context, id principal.Principal) error {
	_, err := a.callManagement(ctx, "delete_canister", id, canisterArg(id))
	return err
}

// UpdateSettings changes the settings of a canister.
func (a *Agent) UpdateSettings(ctx context.Context, id principal.Principal, s Settings) error {
	arg := candid.RecordValue(
		candid.NamedValue("canister_id", candid.PrincipalValue(id.Bytes())),
		candid.NamedValue("settings", s.value()))
	_, err := a.callManagement(ctx, "update_settings", id, arg)
	return err
}
