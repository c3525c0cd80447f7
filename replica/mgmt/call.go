package mgmt

import (
	"context"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
)

// Request is one message to the management canister.
type Request struct {
	// Caller is the sender: a user for ingress, else a canister.
	Caller principal.Principal
	// FromCanister is true for a call made by a canister, false for an
	// ingress message.
	FromCanister bool
	Method       string
	Arg          []byte
	// Time is the block time in nanoseconds.
	Time uint64
	// Cycles are the cycles attached to a canister's call. create_canister
	// and deposit_cycles accept all of them when they succeed; every other
	// method, and every rejection, accepts none: the caller refunds them.
	Cycles exec.Cycles
	// Random is the randomness raw_rand returns, derived from the random
	// beacon by the node.
	Random [32]byte
	// SenderVersion is the calling canister's version, for the change
	// history when the argument's sender_canister_version is absent.
	SenderVersion *uint64
}

func (r *Request) fromCanister() bool { return r.FromCanister }

// handler executes one management method on a decoded argument.
type handler func(t *Table, ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject)

// method describes a management method.
type method struct {
	run handler
	// canisterOnly methods are refused for ingress.
	canisterOnly bool
	// provisional methods exist only on local networks.
	provisional bool
}

// methods are the management methods the table implements.
var methods map[string]method

func init() {
	methods = map[string]method{
		"provisional_create_canister_with_cycles": {run: (*Table).provisionalCreate, provisional: true},
		"provisional_top_up_canister":             {run: (*Table).provisionalTopUp, provisional: true},
		"create_canister":                         {run: (*Table).createCanister, canisterOnly: true},
		"install_code":                            {run: (*Table).installCode},
		"install_chunked_code":                    {run: (*Table).installChunkedCode},
		"upload_chunk":                            {run: (*Table).uploadChunk},
		"clear_chunk_store":                       {run: (*Table).clearChunkStore},
		"stored_chunks":                           {run: (*Table).storedChunks},
		"uninstall_code":                          {run: (*Table).uninstallCode},
		"canister_status":                         {run: (*Table).canisterStatus},
		"canister_info":                           {run: (*Table).canisterInfo, canisterOnly: true},
		"update_settings":                         {run: (*Table).updateSettings},
		"start_canister":                          {run: (*Table).startCanister},
		"stop_canister":                           {run: (*Table).stopCanister},
		"delete_canister":                         {run: (*Table).deleteCanister},
		"deposit_cycles":                          {run: (*Table).depositCycles, canisterOnly: true},
		"raw_rand":                                {run: (*Table).rawRand, canisterOnly: true},
	}
}

// Call executes a message to the management canister and returns its
// Candid reply or its rejection. It never panics, whatever the argument.
// Owner only.
func (t *Table) Call(ctx context.Context, req Request) (reply []byte, rej *Reject) {
	m, ok := methods[req.Method]
	switch {
	case !ok || (m.provisional && t.cfg.NoProvisional):
		return nil, errNoMethod(req.Method)
	case m.canisterOnly && !req.FromCanister:
		return nil, errOnlyCanisters(req.Method)
	}
	arg, rej := decodeArg(req.Method, req.Arg)
	if rej != nil {
		return nil, rej
	}
	return m.run(t, ctx, &req, arg)
}

// lookup returns the canister named by a principal field of arg.
func (t *Table) lookup(arg candid.Value, name string) (*canister, *Reject) {
	id, rej := canisterIDField(arg, name)
	if rej != nil {
		return nil, rej
	}
	c, ok := t.byID[id]
	if !ok {
		return nil, errNotFound(id)
	}
	return c, nil
}

// controlled returns the canister named by a principal field of arg if
// the caller controls it.
func (t *Table) controlled(req *Request, arg candid.Value, name string) (*canister, *Reject) {
	c, rej := t.lookup(arg, name)
	if rej != nil {
		return nil, rej
	}
	if !c.isController(req.Caller) {
		return nil, errInvalidController(c.id, c.settings.Controllers, req.Caller)
	}
	return c, nil
}

// senderVersion returns the argument's sender_canister_version, or the
// request's.
func senderVersion(req *Request, arg candid.Value) *uint64 {
	if v, ok := optField(arg, "sender_canister_version"); ok {
		x := v.Uint64()
		return &x
	}
	return req.SenderVersion
}
