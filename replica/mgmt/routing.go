package mgmt

import (
	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
)

// CheckIngress is the node's check of an ingress message to a canister
// before it enters the ingress pool: nil if the canister exists, runs and
// has a module. The rejections are those of the replica's ingress filter
// and induction (ic execution_environment.rs should_accept_ingress_message,
// StateError): IC0301, IC0509, IC0508, IC0537. Calls to the management
// canister go to CheckManagementIngress instead.
func (t *Table) CheckIngress(id principal.Principal, method string) *Reject {
	c, ok := t.byID[id]
	switch {
	case !ok:
		return reject(CanisterNotFound, "Canister %s not found", id)
	case c.status == exec.Stopping:
		return reject(CanisterStopping, "Canister %s is stopping", id)
	case c.status == exec.Stopped:
		return reject(CanisterStopped, "Canister %s is stopped", id)
	case !c.exec.Installed():
		return reject(CanisterWasmModuleNotFound, "Requested canister has no wasm module")
	}
	return nil
}

// CheckManagementIngress is the replica's filter for an ingress message to
// the management canister (should_accept_ingress_message): methods only
// canisters may call are refused, methods on a canister need a sender that
// controls it, and provisional methods are open on local networks.
func (t *Table) CheckManagementIngress(sender principal.Principal, method string, arg []byte) *Reject {
	m, ok := methods[method]
	switch {
	case !ok || m.canisterOnly:
		return errOnlyCanisters(method)
	case m.provisional:
		if t.cfg.NoProvisional {
			return reject(CanisterRejectedMessage, "Caller %s is not allowed to call ic00 method %s", sender, method)
		}
		return nil
	}
	id, ok := EffectiveCanisterID(method, arg)
	if !ok {
		return reject(InvalidManagementPayload, "Failed to decode payload for ic00 method: %s", method)
	}
	c, ok := t.byID[id]
	if !ok {
		return reject(CanisterNotFound, "Canister %s not found", id)
	}
	if !c.isController(sender) {
		return reject(CanisterInvalidController, "Only controllers of canister %s can call ic00 method %s", id, method)
	}
	return nil
}

// EffectiveCanisterID returns the effective canister id of an ingress call
// to the management canister (PROTOCOL.md §1.7; abstract-behavior.md
// is_effective_canister_id): the target_canister of install_chunked_code,
// else the canister_id field of the argument record. It reports false when
// the argument names no canister: for provisional_create_canister_with_cycles
// and create_canister, where any effective id is accepted, and for an
// argument that does not decode. It never panics.
func EffectiveCanisterID(method string, arg []byte) (principal.Principal, bool) {
	name := "canister_id"
	switch method {
	case "provisional_create_canister_with_cycles", "create_canister":
		return principal.Principal{}, false
	case "install_chunked_code":
		name = "target_canister"
	}
	var rec candid.Value
	if args, _, err := signature(method); err == nil {
		vs, err := candid.Decode(arg, args)
		if err != nil || len(vs) == 0 {
			return principal.Principal{}, false
		}
		rec = vs[0]
	} else {
		_, vs, err := candid.DecodeAny(arg)
		if err != nil || len(vs) == 0 {
			return principal.Principal{}, false
		}
		rec = vs[0]
	}
	if rec.Kind() != candid.KindRecord {
		return principal.Principal{}, false
	}
	f, ok := rec.Field(name)
	if !ok || f.Kind() != candid.KindPrincipal {
		return principal.Principal{}, false
	}
	p, err := principal.FromBytes(f.Bytes())
	return p, err == nil
}
