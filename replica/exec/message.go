package exec

import (
	"bytes"
	"context"
	"fmt"
)

// Update executes an update call to msg.Method: a `canister_update`
// method, whose changes are committed unless it traps, or a
// `canister_query` method in replicated mode, whose changes are discarded.
// Owner only (see doc.go). The error is for failures of the node itself
// (memory mapping), never for the canister's behaviour.
func (cn *Canister) Update(ctx context.Context, msg Message) (*Result, error) {
	kinds := map[methodKind]kind{methodUpdate: kUpdate, methodQuery: kReplQuery}
	return cn.message(ctx, msg, "update", kinds)
}

// Query executes a query call to a `canister_query` or
// `canister_composite_query` method. Its changes are always discarded. Any
// number of queries may run concurrently with each other and with the
// owner's calls.
func (cn *Canister) Query(ctx context.Context, msg Message) (*Result, error) {
	kinds := map[methodKind]kind{methodQuery: kQuery, methodCompositeQuery: kCompositeQuery}
	return cn.message(ctx, msg, "query", kinds)
}

// InspectMessage runs canister_inspect_message for an ingress update call
// to msg.Method. The message is accepted if the canister does not export
// the function, or if it calls ic0.accept_message and returns normally.
// Changes are discarded. Safe to call concurrently, like Query.
func (cn *Canister) InspectMessage(ctx context.Context, msg Message) (*Result, error) {
	cn.mu.RLock()
	defer cn.mu.RUnlock()
	st := cn.st
	if st == nil {
		return rejected(rejectf(CanisterWasmModuleNotFound, "Attempted to execute a message, but the canister contains no Wasm module.")), nil
	}
	if !st.mod.info.system["canister_inspect_message"] {
		return &Result{Outcome: Replied, Accepted: true, Balance: msg.Balance}, nil
	}
	r, inst, c, err := cn.execute(ctx, st, kInspect, "canister_inspect_message", &msg)
	if err != nil {
		return nil, err
	}
	if r.Reject == nil {
		r.Outcome, r.Accepted = Replied, c.accepted
		if !c.accepted {
			r.Outcome, r.Reject = Rejected, rejectf(CanisterRejectedMessage, "Canister rejected the message")
		}
	}
	return r, cn.discard(inst, c)
}

func (cn *Canister) message(ctx context.Context, msg Message, what string, kinds map[methodKind]kind) (*Result, error) {
	cn.mu.RLock()
	st := cn.st
	if st == nil {
		cn.mu.RUnlock()
		return rejected(rejectf(CanisterWasmModuleNotFound, "Attempted to execute a message, but the canister contains no Wasm module.")), nil
	}
	mk := st.mod.info.methods[msg.Method]
	k, ok := kinds[mk]
	if !ok {
		cn.mu.RUnlock()
		if mk == methodCompositeQuery {
			return rejected(rejectf(CompositeQueryCalledInReplicatedMode, "Composite query cannot be called in replicated mode")), nil
		}
		return rejected(rejectf(CanisterMethodNotFound, "Canister has no %s method '%s'.", what, msg.Method)), nil
	}
	r, inst, c, err := cn.execute(ctx, st, k, exportName(mk, msg.Method), &msg)
	if err != nil {
		cn.mu.RUnlock()
		return nil, err
	}
	trap := r.Reject
	respond(r, c, trap)
	if !k.keepsState() || trap != nil {
		if trap == nil {
			r.Calls = c.calls // a composite query's calls
		}
		err = cn.discard(inst, c)
		cn.mu.RUnlock()
		return r, err
	}
	cn.mu.RUnlock()
	return r, cn.keep(inst, c, r)
}

// execute runs export on an instance of st under a new call with limit
// instructions. The caller holds mu for reading. r.Reject is set if the
// execution trapped.
func (cn *Canister) execute(ctx context.Context, st *state, k kind, export string, msg *Message) (*Result, *instance, *call, error) {
	inst, err := cn.acquire(ctx, st)
	if err != nil {
		return nil, nil, nil, err
	}
	c := cn.newCall(k, inst, msg, msg.Method, cn.eng.cfg.limit(k))
	r := &Result{Reject: cn.invoke(ctx, inst, c, export)}
	r.Logs, r.Instructions = c.logs, c.used()
	r.CertifiedData, r.GlobalTimer, r.Balance = bytes.Clone(st.certifiedData), st.timer, msg.Balance
	if r.Reject != nil {
		r.Outcome = Rejected
	}
	return r, inst, c, nil
}

// discard reverts an instance after an execution whose changes are not
// kept and returns it to the pool. The caller holds mu for reading.
func (cn *Canister) discard(inst *instance, c *call) error {
	defer cn.release(inst)
	if inst.dead {
		return nil
	}
	if err := inst.discard(max(c.stablePages, inst.st.stablePages)); err != nil {
		inst.dead = true
		return err
	}
	if inst.heapLen() != inst.st.heapLen {
		inst.dead = true // memory grew: a new instance matches the state
	}
	return nil
}

// keep commits a successful execution's changes. The caller is the owner
// and does not hold mu.
func (cn *Canister) keep(inst *instance, c *call, r *Result) error {
	defer cn.release(inst)
	c.version++
	globals := inst.readGlobals()
	cn.mu.Lock()
	defer cn.mu.Unlock()
	if err := inst.commit(c.stablePages); err != nil {
		inst.dead = true
		return fmt.Errorf("exec: commit: %w", err)
	}
	inst.st.apply(c, inst.heapLen(), globals)
	inst.gen = inst.st.gen
	r.StateChanged = true
	r.Calls = c.calls
	r.Balance = c.balance
	r.CertifiedData = bytes.Clone(c.certifiedData)
	r.GlobalTimer = c.timer
	return nil
}

func rejected(rej *Reject) *Result { return &Result{Outcome: Rejected, Reject: rej} }
