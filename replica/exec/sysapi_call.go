package exec

import "bytes"

// callFuncs: inter-canister calls. A performed call is recorded in the
// result for the scheduler to route; the callbacks it names run later
// (not yet implemented here: see doc.go).
var callFuncs = []hostFunc{
	ic0("call_new", ctxCall, types(i32, i32, i32, i32, i32, i32, i32, i32), nil, func(c *call, s []uint64) {
		c.discardPending()
		callee := c.read("call_new", u32(s[0]), u32(s[1]))
		if len(callee) > 29 {
			c.violation("ic0.call_new: %d bytes is not a principal", len(callee))
		}
		c.pending = &Call{
			Callee:    bytes.Clone(callee),
			Method:    bytes.Clone(c.read("call_new", u32(s[2]), u32(s[3]))),
			ReplyFun:  uint32(s[4]),
			ReplyEnv:  uint32(s[5]),
			RejectFun: uint32(s[6]),
			RejectEnv: uint32(s[7]),
		}
	}),
	ic0("call_on_cleanup", ctxCall, types(i32, i32), nil, func(c *call, s []uint64) {
		p := c.mustPending("call_on_cleanup")
		if p.HasCleanup {
			c.violation("ic0.call_on_cleanup: the cleanup callback is already set")
		}
		p.CleanupFun, p.CleanupEnv, p.HasCleanup = uint32(s[0]), uint32(s[1]), true
	}),
	ic0("call_data_append", ctxCall, types(i32, i32), nil, func(c *call, s []uint64) {
		p := c.mustPending("call_data_append")
		p.Arg = append(p.Arg, c.read("call_data_append", u32(s[0]), u32(s[1]))...)
	}),
	ic0("call_with_best_effort_response", ctxCall, types(i32), nil, func(c *call, s []uint64) {
		p := c.mustPending("call_with_best_effort_response")
		if p.BestEffort {
			c.violation("ic0.call_with_best_effort_response: already set for this call")
		}
		p.BestEffort, p.TimeoutSeconds = true, max(1, min(uint32(s[0]), 300))
	}),
	ic0("call_cycles_add128", ctxCallAdd, types(i64, i64), nil, func(c *call, s []uint64) {
		c.addCycles("call_cycles_add128", Cycles{Hi: s[0], Lo: s[1]})
	}),
	ic0("call_cycles_add", ctxCallAdd, types(i64), nil, func(c *call, s []uint64) {
		c.addCycles("call_cycles_add", Cycles{Lo: s[0]})
	}),
	ic0("call_perform", ctxCall, nil, types(i32), func(c *call, s []uint64) {
		p := c.mustPending("call_perform")
		c.calls = append(c.calls, *p)
		c.pending = nil
		s[0] = 0
	}),
}

func (c *call) mustPending(name string) *Call {
	if c.pending == nil {
		c.violation("ic0.%s: no call is under construction (call ic0.call_new first)", name)
	}
	return c.pending
}

// discardPending drops a call under construction, returning its cycles.
func (c *call) discardPending() {
	if c.pending != nil {
		c.balance, _ = c.balance.Add(c.pending.Cycles)
		c.pending = nil
	}
}

func (c *call) addCycles(name string, amount Cycles) {
	p := c.mustPending(name)
	rest, ok := c.balance.Sub(amount)
	if !ok {
		c.violation("ic0.%s: the balance is lower than the cycles to attach", name)
	}
	sum, ok := p.Cycles.Add(amount)
	if !ok {
		c.violation("ic0.%s: the attached cycles overflow 128 bits", name)
	}
	c.balance, p.Cycles = rest, sum
}
