package exec

// cyclesFuncs: the canister's balance and the cycles of the message.
// Ingress messages carry no cycles, and callbacks do not run yet, so the
// available and refunded amounts are zero. There is no freezing threshold
// yet: the liquid balance is the balance.
var cyclesFuncs = []hostFunc{
	ic0("canister_cycle_balance128", ctxAll, types(i32), nil, func(c *call, s []uint64) {
		c.write("canister_cycle_balance128", u32(s[0]), c.balance.bytes())
	}),
	ic0("canister_liquid_cycle_balance128", ctxAll, types(i32), nil, func(c *call, s []uint64) {
		c.write("canister_liquid_cycle_balance128", u32(s[0]), c.balance.bytes())
	}),
	ic0("msg_cycles_available128", ctxCycles, types(i32), nil, func(c *call, s []uint64) {
		c.write("msg_cycles_available128", u32(s[0]), Cycles{}.bytes())
	}),
	ic0("msg_cycles_refunded128", ctxCallback, types(i32), nil, func(c *call, s []uint64) {
		c.write("msg_cycles_refunded128", u32(s[0]), Cycles{}.bytes())
	}),
	ic0("msg_cycles_accept128", ctxCycles, types(i64, i64, i32), nil, func(c *call, s []uint64) {
		c.write("msg_cycles_accept128", u32(s[2]), Cycles{}.bytes())
	}),
	ic0("cycles_burn128", ctxBurn, types(i64, i64, i32), nil, func(c *call, s []uint64) {
		amount := Cycles{Hi: s[0], Lo: s[1]}
		if c.balance.Less(amount) {
			amount = c.balance
		}
		c.write("cycles_burn128", u32(s[2]), amount.bytes())
		c.balance, _ = c.balance.Sub(amount)
	}),
	// Deprecated 64-bit forms.
	ic0("canister_cycle_balance", ctxAll, nil, types(i64), func(c *call, s []uint64) {
		if c.balance.Hi != 0 {
			c.violation("ic0.canister_cycle_balance: the balance does not fit in 64 bits")
		}
		s[0] = c.balance.Lo
	}),
	ic0("msg_cycles_available", ctxCycles, nil, types(i64), func(c *call, s []uint64) { s[0] = 0 }),
	ic0("msg_cycles_refunded", ctxCallback, nil, types(i64), func(c *call, s []uint64) { s[0] = 0 }),
	ic0("msg_cycles_accept", ctxCycles, types(i64), types(i64), func(c *call, s []uint64) { s[0] = 0 }),
}
