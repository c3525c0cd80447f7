package exec

import (
	"context"
	"errors"
	"strings"

	"github.com/tetratelabs/wazero/sys"
)

// newCall prepares the System API state of an execution on st, with limit
// instructions to spend.
func (cn *Canister) newCall(k kind, inst *instance, msg *Message, method string, limit uint64) *call {
	st := inst.st
	set := cn.settings
	inst.budget.Set(limit)
	return &call{
		kind:          k,
		msg:           msg,
		set:           &set,
		self:          cn.id,
		method:        method,
		mem:           inst.memory(),
		stable:        inst.stable,
		certifiedData: st.certifiedData,
		timer:         st.timer,
		version:       st.version,
		stablePages:   st.stablePages,
		maxStable:     uint64(inst.stable.reg.reserve) / stablePageSize,
		balance:       msg.Balance,
		budget:        inst.budget,
		limit:         limit,
	}
}

// invoke runs one exported function under c and returns the reject that
// ended it, or nil if it returned normally. The module's metering bounds
// the run: it cannot be interrupted otherwise (doc.go).
func (cn *Canister) invoke(ctx context.Context, inst *instance, c *call, export string) *Reject {
	fn := inst.function(export)
	if fn == nil {
		return rejectf(CanisterMethodNotFound, "Canister has no export %q", export)
	}
	c.mem = inst.memory()
	_, err := fn.Call(withCall(ctx, c))
	if err == nil {
		if int64(c.budget.Get()) < 0 {
			// Code after the last check ran out (wasmbin meter.go).
			return limitExceeded()
		}
		return nil
	}
	if c.trap != nil {
		return c.trap
	}
	if int64(c.budget.Get()) < 0 {
		// A charge in the code found the budget exhausted (wasmbin meter.go).
		return limitExceeded()
	}
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		inst.dead = true // the module was closed
		return rejectf(CanisterTrapped, "Canister trapped: exit %d", exit.ExitCode())
	}
	return rejectf(CanisterTrapped, "Canister trapped: %s", trapText(err))
}

// trapText turns a wazero runtime error into the trap's description:
// its first line without the "wasm error: " prefix or stack trace.
func trapText(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimPrefix(s, "wasm error: ")
}

// respond fills the response part of a result from a finished call.
func respond(r *Result, c *call, trap *Reject) {
	r.Logs = c.logs
	r.Instructions = c.used()
	switch {
	case trap != nil:
		r.Outcome, r.Reject = Rejected, trap
	case c.rejected:
		r.Outcome = Rejected
		r.Reject = &Reject{Code: CanisterReject, ErrorCode: CanisterRejectedMessage, Message: c.rejectMsg}
	case c.responded:
		r.Outcome, r.Reply = Replied, c.reply
	case len(c.calls) > 0:
		r.Outcome = Pending
	default:
		r.Outcome, r.Reject = Rejected, rejectf(CanisterDidNotReply, "Canister did not reply to the call")
	}
}
