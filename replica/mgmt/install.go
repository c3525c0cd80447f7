package mgmt

import (
	"context"
	"crypto/sha256"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/exec"
)

// installMode is a decoded canister_install_mode.
type installMode struct {
	name           string // install, reinstall or upgrade
	mode           exec.InstallMode
	skipPreUpgrade bool
	keepMemory     bool // wasm_memory_persistence = opt keep
	persistence    bool // wasm_memory_persistence given
}

func installModeOf(v candid.Value) (installMode, *Reject) {
	name, x := variantName(v)
	switch name {
	case "install":
		return installMode{name: name, mode: exec.Install}, nil
	case "reinstall":
		return installMode{name: name, mode: exec.Reinstall}, nil
	case "upgrade":
		m := installMode{name: name, mode: exec.Upgrade}
		if opts, ok := x.Opt(); ok {
			if s, ok := optField(opts, "skip_pre_upgrade"); ok {
				m.skipPreUpgrade = s.Bool()
			}
			if p, ok := optField(opts, "wasm_memory_persistence"); ok {
				kind, _ := variantName(p)
				m.persistence, m.keepMemory = true, kind == "keep"
			}
		}
		return m, nil
	}
	return installMode{}, errPayload(errUnknownMode)
}

// installCode is install_code.
func (t *Table) installCode(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.controlled(req, arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	mode, rej := installModeOf(field(arg, "mode"))
	if rej != nil {
		return nil, rej
	}
	if rej := t.install(ctx, req, arg, c, mode, field(arg, "wasm_module").Bytes(), field(arg, "arg").Bytes()); rej != nil {
		return nil, rej
	}
	return unit(req.Method)
}

// install runs install, reinstall or upgrade of wasm on c, atomically.
func (t *Table) install(ctx context.Context, req *Request, arg candid.Value, c *canister, m installMode, wasm, initArg []byte) *Reject {
	installed := c.exec.Installed()
	switch {
	case m.mode == exec.Install && installed:
		return reject(CanisterNonEmpty, "Canister %s cannot be installed because the canister is not empty. Try installing with mode='reinstall' instead.%s",
			c.id, help("Check that you want to overwrite the canister and, if so, use mode='reinstall'.", "canister-not-empty"))
	case m.mode == exec.Upgrade && !installed:
		return reject(CanisterWasmModuleNotFound, "Error from Canister %s: Attempted to execute a message, but the canister contains no Wasm module.", c.id)
	}
	if m.mode == exec.Upgrade {
		if rej := checkPersistence(c, m, wasm); rej != nil {
			return rej
		}
	}
	if err := t.eng.ValidateModule(wasm); err != nil {
		return reject(CanisterInvalidWasm, "Error from Canister %s: Canister's Wasm module is not valid: %v", c.id, err)
	}
	msg := exec.Message{Arg: initArg, Caller: req.Caller.Bytes(), Time: req.Time, Balance: cyclesOfBig(c.cycles), Seed: req.Random}
	target, res, err := t.runInstall(ctx, c, m, wasm, msg)
	if err != nil {
		return reject(exec.CanisterWasmEngineError, "Error from Canister %s: %v", c.id, err)
	}
	if res.Reject != nil {
		if target != c.exec {
			target.Close()
		}
		r := *res.Reject
		r.Message = "Error from Canister " + c.id.String() + ": " + r.Message
		return &r
	}
	if target != c.exec {
		c.exec.Close()
		c.exec = target
	}
	sum := sha256.Sum256(wasm)
	c.cycles = bigOfCycles(res.Balance)
	c.installed = req.Time
	c.moduleHash = sum[:]
	caller, fromCanister, callerVersion := origin(req, senderVersion(req, arg))
	c.record(change{time: req.Time, version: t.version(c), caller: caller, fromCanister: fromCanister,
		callerVersion: callerVersion, kind: changeDeployment, mode: m.name, moduleHash: sum[:]})
	return nil
}

// runInstall installs on c.exec directly, or on a fresh canister restored
// from a placeholder state when the old module's state must not run
// (skip_pre_upgrade) or when an empty canister's version must carry over.
func (t *Table) runInstall(ctx context.Context, c *canister, m installMode, wasm []byte, msg exec.Message) (*exec.Canister, *exec.Result, error) {
	direct := (m.mode == exec.Upgrade && !m.skipPreUpgrade) ||
		(m.mode != exec.Upgrade && c.exec.Installed()) ||
		(!c.exec.Installed() && c.version == 0)
	if direct {
		res, err := c.exec.Install(ctx, m.mode, wasm, msg)
		return c.exec, res, err
	}
	base := &exec.Snapshot{Wasm: placeholderModule, Version: c.version}
	if m.mode == exec.Upgrade { // skip_pre_upgrade: keep stable memory and certified data as they are
		snap, err := c.exec.Snapshot()
		if err != nil {
			return nil, nil, err
		}
		base.StableMemory, base.CertifiedData, base.Version = snap.StableMemory, snap.CertifiedData, snap.Version
	}
	tmp, err := t.eng.Restore(ctx, c.id.Bytes(), t.execSettings(c), base)
	if err != nil {
		return nil, nil, err
	}
	mode := m.mode
	if mode == exec.Install {
		mode = exec.Reinstall // the placeholder is not a module the caller installed
	}
	res, err := tmp.Install(ctx, mode, wasm, msg)
	if err != nil || res.Reject != nil {
		tmp.Close()
		return c.exec, res, err
	}
	return tmp, res, nil
}
