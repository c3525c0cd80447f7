package exec

import (
	"bytes"
	"math"
)

// miscFuncs: identity, time, logging, traps, status and timers.
var miscFuncs = []hostFunc{
	ic0("canister_self_size", ctxAll, nil, types(i32), func(c *call, s []uint64) { s[0] = uint64(len(c.self)) }),
	ic0("canister_self_copy", ctxAll, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.copyOut("canister_self_copy", c.self, u32(s[0]), u32(s[1]), u32(s[2]))
	}),
	ic0("subnet_self_size", ctxAll, nil, types(i32), func(c *call, s []uint64) { s[0] = uint64(len(c.set.SubnetID)) }),
	ic0("subnet_self_copy", ctxAll, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.copyOut("subnet_self_copy", c.set.SubnetID, u32(s[0]), u32(s[1]), u32(s[2]))
	}),
	ic0("time", ctxAll, nil, types(i64), func(c *call, s []uint64) { s[0] = c.msg.Time }),
	ic0("debug_print", ctxAny, types(i32, i32), nil, func(c *call, s []uint64) {
		// Never traps: an out-of-bounds range prints nothing.
		ptr, size := u32(s[0]), u32(s[1])
		if c.mem == nil || ptr+size > uint64(c.mem.Size()) {
			return
		}
		b, _ := c.mem.Read(uint32(ptr), uint32(size))
		c.logs = append(c.logs, Log{Time: c.msg.Time, Message: bytes.Clone(b)})
	}),
	ic0("trap", ctxAny, types(i32, i32), nil, func(c *call, s []uint64) {
		var msg []byte
		if ptr, size := u32(s[0]), u32(s[1]); c.mem != nil && ptr+size <= uint64(c.mem.Size()) {
			msg, _ = c.mem.Read(uint32(ptr), uint32(size))
		}
		c.trapf(CanisterCalledTrap, "Canister called `ic0.trap` with message: '%s'", bytes.ToValidUTF8(msg, []byte("\uFFFD")))
	}),
	ic0("canister_status", ctxAll, nil, types(i32), func(c *call, s []uint64) {
		st := c.set.Status
		if st == 0 {
			st = Running
		}
		s[0] = uint64(st)
	}),
	ic0("canister_version", ctxAll, nil, types(i64), func(c *call, s []uint64) { s[0] = c.version }),
	ic0("global_timer_set", setOf(kInit, kPreUpgrade, kUpdate, kSystemTask), types(i64), types(i64), func(c *call, s []uint64) {
		c.timer, s[0] = s[0], c.timer
	}),
	ic0("performance_counter", ctxAny, types(i32), types(i64), func(c *call, s []uint64) {
		switch uint32(s[0]) {
		case 0, 1: // current message, call context: the same until callbacks run
			s[0] = c.used()
		default:
			c.violation("ic0.performance_counter: unknown counter type %d", uint32(s[0]))
		}
	}),
	ic0("is_controller", ctxAny, types(i32, i32), types(i32), func(c *call, s []uint64) {
		p := c.read("is_controller", u32(s[0]), u32(s[1]))
		if len(p) > 29 {
			c.violation("ic0.is_controller: %d bytes is not a principal", len(p))
		}
		s[0] = 0
		for _, ctl := range c.set.Controllers {
			if bytes.Equal(ctl, p) {
				s[0] = 1
			}
		}
	}),
	ic0("in_replicated_execution", ctxAny, nil, types(i32), func(c *call, s []uint64) {
		s[0] = 0
		if c.kind.replicated() {
			s[0] = 1
		}
	}),
	ic0("msg_deadline", ctxDeadline, nil, types(i64), func(c *call, s []uint64) { s[0] = 0 }),
}

// maxU64 guards 64-bit stable memory arithmetic.
const maxU64 = math.MaxUint64
