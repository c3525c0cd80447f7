package exec

import "context"

// Task is a system task: a message the canister receives from the
// system rather than from a caller.
type Task int

// System tasks.
const (
	Heartbeat Task = iota + 1
	GlobalTimer
)

// SystemTask runs canister_heartbeat or canister_global_timer (caller:
// the management canister, msg.Caller is ignored). Its changes are
// committed unless it traps. The global timer is deactivated before it
// runs, and stays deactivated even if it traps. A canister that does not
// export the function gets an empty, successful result. Owner only.
func (cn *Canister) SystemTask(ctx context.Context, task Task, msg Message) (*Result, error) {
	export := "canister_heartbeat"
	if task == GlobalTimer {
		export = "canister_global_timer"
	}
	msg.Caller, msg.Arg = []byte{}, nil
	cn.mu.RLock()
	st := cn.st
	if st == nil {
		cn.mu.RUnlock()
		return rejected(rejectf(CanisterWasmModuleNotFound, "Attempted to execute a message, but the canister contains no Wasm module.")), nil
	}
	if task == GlobalTimer && st.timer != 0 {
		cn.mu.RUnlock()
		cn.mu.Lock()
		st.timer = 0
		cn.mu.Unlock()
		cn.mu.RLock()
	}
	if !st.mod.info.system[export] {
		cn.mu.RUnlock()
		return &Result{Outcome: Replied, Balance: msg.Balance, GlobalTimer: st.timer}, nil
	}
	r, inst, c, err := cn.execute(ctx, st, kSystemTask, export, &msg)
	if err != nil {
		cn.mu.RUnlock()
		return nil, err
	}
	if r.Reject != nil {
		err = cn.discard(inst, c)
		cn.mu.RUnlock()
		return r, err
	}
	cn.mu.RUnlock()
	r.Outcome = Replied
	return r, cn.keep(inst, c, r)
}
