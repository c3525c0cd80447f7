package mgmt

import (
	"context"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/exec"
)

// startCanister is start_canister: the canister runs again.
func (t *Table) startCanister(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.controlled(req, arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	if c.status != exec.Running {
		c.status = exec.Running
		t.bump(c)
	}
	return unit(req.Method)
}

// stopCanister is stop_canister. With no open call contexts (always, until
// the engine runs callbacks; doc.go) the canister is stopped at once and
// the call replies.
func (t *Table) stopCanister(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.controlled(req, arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	if c.status != exec.Stopped {
		c.status = exec.Stopped
		t.bump(c)
	}
	return unit(req.Method)
}

// deleteCanister is delete_canister: a stopped canister goes, with its
// cycles; its id is never allocated again.
func (t *Table) deleteCanister(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.controlled(req, arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	if c.id == req.Caller {
		return nil, reject(CanisterInvalidController, "Canister %s cannot delete itself.%s", c.id,
			help("Delete the canister from one of its other controllers.", "delete-canister-self"))
	}
	if c.status != exec.Stopped {
		return nil, reject(CanisterNotStopped, "Canister %s must be stopped before it is deleted.%s", c.id,
			help("Stop the canister before deleting it.", "delete-canister-not-stopped"))
	}
	c.exec.Close()
	t.remove(c.id)
	return unit(req.Method)
}

// uninstallCode is uninstall_code: the module, its memories, certified
// data and timer go; settings, cycles and chunks stay, and the version
// carries on.
func (t *Table) uninstallCode(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.controlled(req, arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	version := t.version(c) + 1
	if c.exec.Installed() {
		c.exec.Close()
		c.exec = t.eng.NewCanister(c.id.Bytes(), t.execSettings(c))
	}
	c.version, c.moduleHash = version, nil
	caller, fromCanister, callerVersion := origin(req, senderVersion(req, arg))
	c.record(change{time: req.Time, version: version, caller: caller, fromCanister: fromCanister,
		callerVersion: callerVersion, kind: changeUninstall})
	return unit(req.Method)
}

// version returns a canister's version: the engine's while a module is
// installed (installs, updates and settings changes count there), the
// table's while it is empty.
func (t *Table) version(c *canister) uint64 {
	if !c.exec.Installed() {
		return c.version
	}
	snap, err := c.exec.Snapshot()
	if err != nil {
		return c.version
	}
	return snap.Version
}

// bump increments the version for a change of settings or status, through
// the engine when a module is installed.
func (t *Table) bump(c *canister) {
	c.exec.SetSettings(t.execSettings(c))
	if !c.exec.Installed() {
		c.version++
	}
}
