package mgmt

import (
	"context"
	"math/big"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
)

// provisionalCreate is provisional_create_canister_with_cycles: open to
// every caller on a local network, with amount cycles (default
// DefaultProvisionalCycles) and an optional specified_id.
func (t *Table) provisionalCreate(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	amount := big.NewInt(DefaultProvisionalCycles)
	if v, ok := optField(arg, "amount"); ok {
		amount = natValue(v)
	}
	var id principal.Principal
	if v, ok := optField(arg, "specified_id"); ok {
		p, rej := principalOf(v)
		if rej != nil {
			return nil, rej
		}
		if rej := t.checkSpecifiedID(p); rej != nil {
			return nil, rej
		}
		id = p
	}
	return t.create(req, arg, id, amount, "provisional_create_canister_with_cycles")
}

// createCanister is create_canister, for canisters: the attached cycles
// become the new canister's balance (no creation fee is charged yet).
func (t *Table) createCanister(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	return t.create(req, arg, principal.Principal{}, bigOfCycles(req.Cycles), "create_canister")
}

// create makes a canister with the caller as default controller. A zero
// id means "allocate one".
func (t *Table) create(req *Request, arg candid.Value, id principal.Principal, cycles *big.Int, name string) ([]byte, *Reject) {
	settings := DefaultSettings(req.Caller)
	if v, ok := optField(arg, "settings"); ok {
		var rej *Reject
		if settings, rej = applySettings(settings, v); rej != nil {
			return nil, rej
		}
	}
	if cycles.Cmp(maxCycles) >= 0 {
		return nil, errPayload(errCyclesRange)
	}
	if id.IsManagement() {
		var ok bool
		if id, ok = t.allocate(); !ok {
			return nil, errOutOfIDs()
		}
	}
	c := &canister{id: id, settings: settings, status: exec.Running, cycles: cycles, created: req.Time}
	c.exec = t.eng.NewCanister(id.Bytes(), t.execSettings(c))
	caller, fromCanister, callerVersion := origin(req, senderVersion(req, arg))
	c.record(change{time: req.Time, caller: caller, fromCanister: fromCanister, callerVersion: callerVersion,
		kind: changeCreation, controllers: settings.Controllers})
	t.add(c)
	return encodeResult(name, candid.RecordValue(candid.NamedValue("canister_id", candid.PrincipalValue(id.Bytes()))))
}
