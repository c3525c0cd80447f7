package node

import (
	"context"
	"math/big"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
	"github.com/threshold-ic/threshold/replica/mgmt"
)

// checkIngress is the ingress filter: it runs before a call enters the
// pool, against the current state (ic execution_environment.rs
// should_accept_ingress_message), and runs the canister's
// canister_inspect_message. Safe to call from any goroutine.
func (x *executor) checkIngress(ctx context.Context, sender, canister principal.Principal, method string, arg []byte) *exec.Reject {
	x.mu.RLock()
	var rej *exec.Reject
	if canister == principal.Management {
		rej = x.table.CheckManagementIngress(sender, method, arg)
	} else {
		rej = x.table.CheckIngress(canister, method)
	}
	info, _ := x.table.Get(canister)
	now := x.time
	x.mu.RUnlock()
	if rej != nil || canister == principal.Management {
		return rej
	}
	res, err := info.Canister.InspectMessage(ctx, exec.Message{Method: method, Arg: arg, Caller: sender.Bytes(), Time: now})
	switch {
	case err != nil:
		return &exec.Reject{Code: exec.SysTransient, ErrorCode: exec.CanisterWasmEngineError, Message: err.Error()}
	case res.Reject != nil:
		return &exec.Reject{Code: exec.CanisterReject, ErrorCode: exec.CanisterRejectedMessage,
			Message: "Requested canister rejected the message: " + res.Reject.Message}
	}
	return nil
}

// callManagement executes a message to the management canister and marks
// the canisters it may have changed.
func (x *executor) callManagement(ctx context.Context, m *message, random [32]byte) ([]byte, *exec.Reject) {
	x.mu.Lock()
	defer x.mu.Unlock()
	reply, rej := x.table.Call(ctx, mgmt.Request{Caller: m.Sender, Method: m.Method, Arg: m.Arg, Time: x.time, Random: random})
	if id, ok := mgmt.EffectiveCanisterID(m.Method, m.Arg); ok {
		x.dirty[id] = true
	}
	if rej == nil {
		if id, ok := createdCanister(reply); ok {
			x.dirty[id] = true
		}
	}
	return reply, rej
}

// createdCanister finds the canister_id in a create method's reply.
func createdCanister(reply []byte) (principal.Principal, bool) {
	_, vs, err := candid.DecodeAny(reply)
	if err != nil || len(vs) != 1 {
		return principal.Principal{}, false
	}
	v, ok := vs[0].Field("canister_id")
	if !ok || v.Kind() != candid.KindPrincipal {
		return principal.Principal{}, false
	}
	id, err := principal.FromBytes(v.Bytes())
	return id, err == nil
}

// executeUpdate runs an ingress update call on its canister and keeps the
// canister's cycle balance.
func (x *executor) executeUpdate(ctx context.Context, m *message, seed [32]byte) (*exec.Result, *exec.Reject) {
	x.mu.RLock()
	rej := x.table.CheckIngress(m.Canister, m.Method)
	info, _ := x.table.Get(m.Canister)
	x.mu.RUnlock()
	if rej != nil {
		return nil, rej
	}
	res, err := info.Canister.Update(ctx, exec.Message{
		Method: m.Method, Arg: m.Arg, Caller: m.Sender.Bytes(), Time: x.time, Seed: seed,
		Balance: cyclesOf(info),
	})
	if err != nil {
		return nil, &exec.Reject{Code: exec.SysTransient, ErrorCode: exec.CanisterWasmEngineError, Message: err.Error()}
	}
	if res.Balance != cyclesOf(info) {
		x.mu.Lock()
		x.table.SetCycles(m.Canister, res.Balance)
		x.mu.Unlock()
	}
	return res, nil
}

// cyclesOf converts a table balance to exec's form.
func cyclesOf(info mgmt.Info) exec.Cycles {
	var c exec.Cycles
	if info.Cycles == nil {
		return c
	}
	lo := new(big.Int).Set(info.Cycles)
	c.Lo = lo.Uint64()
	c.Hi = lo.Rsh(lo, 64).Uint64()
	return c
}

// info returns what the state tree publishes about a canister. Called
// with mu held.
func (x *executor) info(id principal.Principal) (canisterInfo, bool) {
	ci, ok := x.table.Get(id)
	if !ok {
		return canisterInfo{}, false
	}
	out := canisterInfo{certifiedData: ci.Canister.CertifiedData(), metadata: map[string][]byte{}}
	if out.certifiedData == nil {
		out.certifiedData = []byte{}
	}
	if h, ok := ci.Canister.ModuleHash(); ok {
		out.moduleHash = h[:]
	}
	for _, c := range ci.Controllers {
		out.controllers = append(out.controllers, c.Bytes())
	}
	for _, name := range ci.Canister.MetadataNames() {
		md, _ := ci.Canister.Metadata(name)
		out.metadata[name] = md.Data
	}
	return out, true
}
