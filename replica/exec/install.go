package exec

import (
	"bytes"
	"context"
	"errors"
)

// InstallMode is the mode of install_code.
type InstallMode int

// Install modes.
const (
	// Install puts a module into an empty canister.
	Install InstallMode = iota + 1
	// Reinstall replaces the module and wipes all state.
	Reinstall
	// Upgrade replaces the module, keeping stable memory: the old module's
	// canister_pre_upgrade runs first, the new one's
	// canister_post_upgrade last. Wasm memory is not kept.
	Upgrade
)

// Install runs install_code: it validates and compiles the module (once
// per module hash), runs its start function and canister_init, or for an
// upgrade canister_pre_upgrade on the old module and canister_post_upgrade
// on the new one. It is atomic: on any trap the canister is unchanged.
// msg.Arg is the install argument and msg.Caller the installer. Owner
// only.
func (cn *Canister) Install(ctx context.Context, mode InstallMode, wasm []byte, msg Message) (*Result, error) {
	mod, err := cn.eng.load(ctx, wasm)
	switch {
	case errors.Is(err, ErrEngineClosed):
		return nil, err
	case err != nil:
		return rejected(rejectf(CanisterInvalidWasm, "Wasm module of canister is invalid: %v", err)), nil
	}
	cn.mu.RLock()
	old := cn.st
	cn.mu.RUnlock()
	switch {
	case mode == Install && old != nil:
		return rejected(rejectf(CanisterNonEmpty, "Canister cannot be installed because the canister is not empty. Try installing with mode='reinstall' instead.")), nil
	case mode != Install && old == nil && mode != Reinstall:
		return rejected(rejectf(CanisterWasmModuleNotFound, "Canister cannot be upgraded because it contains no Wasm module.")), nil
	case mode < Install || mode > Upgrade:
		return rejected(rejectf(CanisterContractViolation, "unknown install mode %d", mode)), nil
	}
	st, err := newState(mod, cn.eng.cfg.MaxStableMemory)
	if err != nil {
		return nil, err
	}
	if old != nil {
		st.version = old.version
	}
	st.version++
	r := &Result{Balance: msg.Balance}
	if mode == Upgrade {
		if rej, err := cn.preUpgrade(ctx, old, st, &msg, r); rej != nil || err != nil {
			st.close()
			return r, err
		}
	}
	rej, err := cn.initialize(ctx, st, mode, &msg, r)
	if rej != nil || err != nil {
		st.close()
		return r, err
	}
	r.Outcome, r.StateChanged = Replied, true
	return r, nil
}

// preUpgrade runs canister_pre_upgrade on the old state and copies the
// resulting stable memory and certified data into st.
func (cn *Canister) preUpgrade(ctx context.Context, old, st *state, msg *Message, r *Result) (*Reject, error) {
	cn.mu.RLock()
	defer cn.mu.RUnlock()
	pre := Message{Caller: msg.Caller, Time: msg.Time, Balance: msg.Balance, Seed: msg.Seed}
	if !old.mod.info.system["canister_pre_upgrade"] {
		v, err := newView(old.stable)
		if err != nil {
			return nil, err
		}
		defer v.unmap()
		st.stablePages, st.certifiedData = old.stablePages, bytes.Clone(old.certifiedData)
		return nil, st.stable.writeSparse(v.mem[:old.stablePages*stablePageSize])
	}
	res, inst, c, err := cn.execute(ctx, old, kPreUpgrade, "canister_pre_upgrade", &pre)
	if err != nil {
		return nil, err
	}
	r.Logs = append(r.Logs, res.Logs...)
	r.Instructions = res.Instructions
	if res.Reject != nil {
		r.Outcome, r.Reject = Rejected, res.Reject
		return res.Reject, cn.discard(inst, c)
	}
	st.stablePages, st.certifiedData, r.Balance = c.stablePages, bytes.Clone(c.certifiedData), c.balance
	werr := st.stable.writeSparse(inst.stable.mem[:c.stablePages*stablePageSize])
	return nil, errors.Join(werr, cn.discard(inst, c))
}

// initialize instantiates st's module afresh, runs its start function,
// the Go runtime's _initialize and canister_init or
// canister_post_upgrade, and on success makes st the committed state.
func (cn *Canister) initialize(ctx context.Context, st *state, mode InstallMode, msg *Message, r *Result) (*Reject, error) {
	inst, err := cn.eng.newInstance(ctx, st, true)
	if err != nil {
		return nil, err
	}
	info := st.mod.info
	// One budget for the whole install, less what pre_upgrade spent.
	spent := r.Instructions
	c := cn.newCall(kStart, inst, msg, "", cn.eng.cfg.limit(kStart)-spent)
	c.balance = r.Balance
	steps := []struct {
		k      kind
		export string
		run    bool
	}{
		{kStart, info.instrumented.Start, info.instrumented.Start != ""},
		{kStart, "_initialize", info.initialize},
		{kInit, "canister_init", mode != Upgrade && info.system["canister_init"]},
		{kInit, "canister_post_upgrade", mode == Upgrade && info.system["canister_post_upgrade"]},
	}
	for _, s := range steps {
		if !s.run {
			continue
		}
		c.kind = s.k
		if rej := cn.invoke(ctx, inst, c, s.export); rej != nil {
			r.Logs = append(r.Logs, c.logs...)
			r.Outcome, r.Reject, r.Instructions = Rejected, rej, spent+c.used()
			inst.close()
			return rej, nil
		}
	}
	r.Logs = append(r.Logs, c.logs...)
	r.Instructions, r.Balance = spent+c.used(), c.balance
	r.CertifiedData, r.GlobalTimer = bytes.Clone(c.certifiedData), c.timer
	if err := inst.commit(c.stablePages); err != nil {
		inst.close()
		return nil, err
	}
	st.apply(c, inst.heapLen(), inst.readGlobals())
	inst.gen = st.gen
	cn.mu.Lock()
	cn.drain()
	old := cn.st
	cn.st = st
	cn.mu.Unlock()
	old.close()
	cn.release(inst)
	return nil, nil
}
