package exec

// stableFuncs: stable memory, 64-bit and legacy 32-bit forms. Stable
// memory lives in the instance's private view of the canister's stable
// region; its size in pages is call state, committed with the rest.
var stableFuncs = []hostFunc{
	ic0("stable64_size", ctxAny, nil, types(i64), func(c *call, s []uint64) { s[0] = c.stablePages }),
	ic0("stable64_grow", ctxAny, types(i64), types(i64), func(c *call, s []uint64) {
		s[0] = c.stableGrow(s[0], c.maxStable)
	}),
	ic0("stable64_write", ctxAny, types(i64, i64, i64), nil, func(c *call, s []uint64) {
		c.stableWrite("stable64_write", s[0], s[1], s[2])
	}),
	ic0("stable64_read", ctxAny, types(i64, i64, i64), nil, func(c *call, s []uint64) {
		c.stableRead("stable64_read", s[0], s[1], s[2])
	}),
	ic0("stable_size", ctxAny, nil, types(i32), func(c *call, s []uint64) {
		c.stable32Check("stable_size")
		s[0] = c.stablePages
	}),
	ic0("stable_grow", ctxAny, types(i32), types(i32), func(c *call, s []uint64) {
		c.stable32Check("stable_grow")
		s[0] = uint64(uint32(c.stableGrow(u32(s[0]), min(c.maxStable, 1<<16))))
	}),
	ic0("stable_write", ctxAny, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.stable32Check("stable_write")
		c.stableWrite("stable_write", u32(s[0]), u32(s[1]), u32(s[2]))
	}),
	ic0("stable_read", ctxAny, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.stable32Check("stable_read")
		c.stableRead("stable_read", u32(s[0]), u32(s[1]), u32(s[2]))
	}),
}

// stableGrow adds pages up to limit pages in all and returns the old size,
// or -1 (all ones) when the limit would be exceeded.
func (c *call) stableGrow(pages, limit uint64) uint64 {
	old := c.stablePages
	if pages > limit || old+pages > limit {
		return maxU64
	}
	c.stablePages += pages
	return old
}

func (c *call) stable32Check(name string) {
	if c.stablePages > 1<<16 {
		c.violation("ic0.%s: stable memory is larger than 4 GiB; use the 64-bit API", name)
	}
}

func (c *call) stableRange(name string, off, size uint64) []byte {
	n := c.stablePages * stablePageSize
	if off > n || size > n-off {
		c.violation("ic0.%s: stable memory range [%d, %d+%d) is out of bounds (size %d)", name, off, off, size, n)
	}
	c.charge(size * costPerByte)
	return c.stable.mem[off : off+size]
}

func (c *call) stableWrite(name string, off, src, size uint64) {
	dst := c.stableRange(name, off, size)
	if size > 0 {
		copy(dst, c.read(name, src, size))
	}
}

func (c *call) stableRead(name string, dst, off, size uint64) {
	src := c.stableRange(name, off, size)
	if size > 0 {
		copy(c.read(name, dst, size), src)
	}
}
