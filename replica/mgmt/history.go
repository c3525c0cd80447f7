package mgmt

import (
	"context"
	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// maxHistory is how many changes a canister keeps for canister_info
// (the replica keeps 20: MAX_CANISTER_HISTORY_CHANGES).
const maxHistory = 20

// changeKind is the alternative of change_details that the table records.
type changeKind uint8

const (
	changeCreation changeKind = iota + 1
	changeUninstall
	changeDeployment
	changeControllers
)

// change is one entry of a canister's history (ic.did type change).
type change struct {
	time    uint64
	version uint64
	// origin: a user, or a canister with an optional canister version.
	caller        principal.Principal
	fromCanister  bool
	callerVersion *uint64
	kind          changeKind
	mode          string // deployment: install, reinstall or upgrade
	moduleHash    []byte // deployment
	controllers   []principal.Principal
}

// record appends a change to c's history, keeping the last maxHistory.
func (c *canister) record(ch change) {
	c.history = append(c.history, ch)
	if len(c.history) > maxHistory {
		c.history = c.history[len(c.history)-maxHistory:]
	}
	c.changeCount++
}

// origin returns the change origin of a request.
func origin(req *Request, senderVersion *uint64) (principal.Principal, bool, *uint64) {
	if !req.fromCanister() {
		return req.Caller, false, nil
	}
	return req.Caller, true, senderVersion
}

// value returns the change record of ic.did.
func (ch change) value() candid.Value {
	var orig candid.Value
	if ch.fromCanister {
		v := candid.NoneValue()
		if ch.callerVersion != nil {
			v = candid.OptValue(candid.FixedNatValue(candid.KindNat64, *ch.callerVersion))
		}
		orig = candid.VariantValue(candid.NamedValue("from_canister", candid.RecordValue(
			candid.NamedValue("canister_id", candid.PrincipalValue(ch.caller.Bytes())),
			candid.NamedValue("canister_version", v))))
	} else {
		orig = candid.VariantValue(candid.NamedValue("from_user", candid.RecordValue(
			candid.NamedValue("user_id", candid.PrincipalValue(ch.caller.Bytes())))))
	}
	var details candid.Value
	switch ch.kind {
	case changeCreation:
		details = candid.VariantValue(candid.NamedValue("creation", candid.RecordValue(
			candid.NamedValue("controllers", principalsValue(ch.controllers)),
			candid.NamedValue("environment_variables_hash", candid.NoneValue()))))
	case changeUninstall:
		details = candid.VariantValue(candid.NamedValue("code_uninstall", candid.NullValue()))
	case changeDeployment:
		details = candid.VariantValue(candid.NamedValue("code_deployment", candid.RecordValue(
			candid.NamedValue("mode", candid.VariantValue(candid.NamedValue(ch.mode, candid.NullValue()))),
			candid.NamedValue("module_hash", candid.BlobValue(ch.moduleHash)))))
	default:
		details = candid.VariantValue(candid.NamedValue("controllers_change", candid.RecordValue(
			candid.NamedValue("controllers", principalsValue(ch.controllers)))))
	}
	return candid.RecordValue(
		candid.NamedValue("timestamp_nanos", candid.FixedNatValue(candid.KindNat64, ch.time)),
		candid.NamedValue("canister_version", candid.FixedNatValue(candid.KindNat64, ch.version)),
		candid.NamedValue("origin", orig),
		candid.NamedValue("details", details))
}

// canisterInfo is canister_info: any canister may read another's
// controllers, module hash and recent changes.
func (t *Table) canisterInfo(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.lookup(arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	n := uint64(0)
	if v, ok := optField(arg, "num_requested_changes"); ok {
		n = v.Uint64()
	}
	n = min(n, uint64(len(c.history)))
	changes := make([]candid.Value, 0, n)
	for _, ch := range c.history[uint64(len(c.history))-n:] {
		changes = append(changes, ch.value())
	}
	hash := candid.NoneValue()
	if c.exec.Installed() && c.moduleHash != nil {
		hash = candid.OptValue(candid.BlobValue(c.moduleHash))
	}
	return encodeResult(req.Method, candid.RecordValue(
		candid.NamedValue("total_num_changes", candid.FixedNatValue(candid.KindNat64, c.changeCount)),
		candid.NamedValue("recent_changes", candid.VecValue(changes...)),
		candid.NamedValue("module_hash", hash),
		candid.NamedValue("controllers", principalsValue(c.settings.Controllers)),
	))
}
