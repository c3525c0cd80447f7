package wasmbin

import "fmt"

// Instruction metering. The IC bounds every execution by a deterministic
// count of executed instructions (interface spec, "Resource limits";
// ic0.performance_counter) and instruments modules at basic-block
// granularity. This is a first version of that: the module gets one
// mutable i64 global, the remaining budget, which the embedder sets before
// an execution and reads after it. Code is charged in regions, basic
// blocks of the structured control flow (see regions): each region's
// instructions are counted statically and charged when control enters it.
// memory.fill/copy/init and table.fill/copy/init are charged one unit per
// byte or element more, before they run.
//
// Regions must be basic blocks, not larger: the Go compiler's wasm puts a
// whole function inside one loop, entered again for every jump between
// its blocks, so charging a loop body in full per iteration would charge
// a small Go loop the size of its function on every turn.
//
// A charge subtracts from the budget; a check executes unreachable when
// the budget is below zero, so the embedder tells an exhausted budget from
// any other trap by the global's sign. The inserted code is an if ... end
// with no branch in it, inserted between instructions: it adds a label
// only around itself, so the branch depths of the original code are
// unchanged, and it leaves the operand stack as it found it.

// maxLocals bounds the declared locals of a function (wazero's limit is
// lower; this only keeps the count in range).
const maxLocals = 1 << 20

// insertion is a charge to insert into a function body at offset at of
// its code (after the locals). A static charge subtracts n; a dynamic
// one (bulk) the operand on top of the stack.
type insertion struct {
	at    int
	n     uint64
	bulk  bool
	check bool // trap if the budget is below zero after the charge
}

// meterCode returns the code section body with every function metered
// against global budget. params gives each defined function's parameter
// count.
func meterCode(body []byte, budget uint32, params []int) ([]byte, error) {
	r := &reader{b: body}
	n, err := r.vecLen(2)
	if err != nil {
		return nil, err
	}
	if n != len(params) {
		return nil, r.errf("code section has %d bodies for %d functions", n, len(params))
	}
	out := make([]byte, 0, len(body)+len(body)/4)
	out = appendULEB(out, uint64(n))
	var fn []byte
	for i := range n {
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		if _, err := r.bytes(uint64(size)); err != nil {
			return nil, err
		}
		// The function's reader ends with its body, so that its errors
		// give offsets in the code section.
		fr := &reader{b: body[:r.off], off: r.off - int(size)}
		if fn, err = meterFunc(fn[:0], fr, budget, params[i]); err != nil {
			return nil, fmt.Errorf("function %d: %w", i, err)
		}
		out = appendULEB(out, uint64(len(fn)))
		out = append(out, fn...)
	}
	if !r.done() {
		return nil, r.errf("code section has %d trailing bytes", len(body)-r.off)
	}
	return out, nil
}

// meterFunc appends the metered form of the function body (locals and
// code) from r.off to the end of r.b to out.
func meterFunc(out []byte, r *reader, budget uint32, params int) ([]byte, error) {
	groups, err := r.vecLen(2)
	if err != nil {
		return nil, err
	}
	declStart := r.off
	locals := uint64(params)
	for range groups {
		c, err := r.u32()
		if err != nil {
			return nil, err
		}
		if _, err := r.byte(); err != nil {
			return nil, err
		}
		if locals += uint64(c); locals > maxLocals {
			return nil, r.errf("more than %d locals", maxLocals)
		}
	}
	declared := r.b[declStart:r.off]
	code := r.off
	ins, err := regions(r)
	if err != nil {
		return nil, err
	}
	bulk := false
	for _, in := range ins {
		bulk = bulk || in.bulk
	}
	// A function with bulk operations gets one i32 scratch local, after
	// all others, to hold the operand it is charged for.
	if bulk {
		out = appendULEB(out, uint64(groups)+1)
		out = append(out, declared...)
		out = append(out, 1, I32)
	} else {
		out = appendULEB(out, uint64(groups))
		out = append(out, declared...)
	}
	prev := code
	for _, in := range ins {
		out = append(out, r.b[prev:code+in.at]...)
		prev = code + in.at
		switch {
		case in.bulk:
			out = appendBulkCharge(out, budget, uint32(locals))
		case in.n > 0:
			out = appendCharge(out, budget, in.n)
		}
		if in.check || in.bulk {
			out = appendCheck(out, budget)
		}
	}
	return append(out, r.b[prev:]...), nil
}

// regions decodes the instruction stream at r and returns the charges to
// insert, in order of their offsets (relative to the stream's start).
//
// A region starts where control can arrive other than by falling through
// the previous instruction: the function's entry, a loop body (branched
// back to), an if's arms, and the code after an end (branched forward
// to). Within a region control only falls through or leaves, so charging
// all of it on entry charges at least what runs. block, loop, else and
// end are structure that compiles to nothing and count 0; every other
// instruction counts 1. A region that counts 0 gets no charge. Every loop
// iteration still pays at least 1: it executes the branch back, which is
// in a region entered in that iteration.
//
// Only the function's entry, loop bodies and bulk operations check the
// budget; other regions just subtract. Code between two checks runs
// forward only, so it is bounded by the function's size, and the embedder
// checks the budget once more when the execution returns.
func regions(r *reader) ([]insertion, error) {
	start := r.off
	ins := []insertion{{at: 0, check: true}}
	cur := 0 // index in ins of the current region's charge
	open := func(check bool) {
		ins = append(ins, insertion{at: r.off - start, check: check})
		cur = len(ins) - 1
	}
	for depth := 1; depth > 0; {
		at := r.off - start
		class, err := r.instr()
		if err != nil {
			return nil, err
		}
		switch class {
		case opBlock:
			depth++
		case opIf:
			ins[cur].n++
			depth++
			open(false)
		case opLoop:
			depth++
			open(true)
		case opElse:
			open(false)
		case opEnd:
			if depth--; depth > 0 {
				open(false)
			}
		case opBulk:
			ins[cur].n++
			ins = append(ins, insertion{at: at, bulk: true})
		default:
			ins[cur].n++
		}
	}
	if !r.done() {
		return nil, r.errf("%d bytes after the end of the function", len(r.b)-r.off)
	}
	kept := ins[:0]
	for _, in := range ins {
		if in.bulk || in.check || in.n > 0 {
			kept = append(kept, in)
		}
	}
	return kept, nil
}

// appendCharge appends
//
//	global.get $budget; i64.const n; i64.sub; global.set $budget
func appendCharge(out []byte, budget uint32, n uint64) []byte {
	out = appendGlobal(out, 0x23, budget)
	out = append(out, 0x42)
	out = appendSLEB(out, int64(n))
	out = append(out, 0x7d)
	return appendGlobal(out, 0x24, budget)
}

// appendBulkCharge appends the charge of a bulk operation whose count
// (i32) is on top of the stack, leaving it there:
//
//	local.tee $s; global.get $budget; local.get $s; i64.extend_i32_u
//	i64.sub; global.set $budget
func appendBulkCharge(out []byte, budget, scratch uint32) []byte {
	out = append(out, 0x22)
	out = appendULEB(out, uint64(scratch))
	out = appendGlobal(out, 0x23, budget)
	out = append(out, 0x20)
	out = appendULEB(out, uint64(scratch))
	out = append(out, 0xad, 0x7d)
	return appendGlobal(out, 0x24, budget)
}

// appendCheck appends
//
//	global.get $budget; i64.const 0; i64.lt_s; if; unreachable; end
func appendCheck(out []byte, budget uint32) []byte {
	out = appendGlobal(out, 0x23, budget)
	return append(out, 0x42, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b)
}

func appendGlobal(out []byte, op byte, idx uint32) []byte {
	return appendULEB(append(out, op), uint64(idx))
}
