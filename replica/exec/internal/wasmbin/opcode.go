package wasmbin

// opClass is what the metering pass needs to know about an instruction.
type opClass uint8

const (
	opPlain opClass = iota
	opBlock         // block: opens a label
	opIf            // if: opens a label; its arm is a region
	opLoop          // loop: opens a label; its body is a region
	opElse
	opEnd
	opBulk // memory/table fill, copy, init: charged per element (top of stack)
)

// instr reads one instruction with all of its immediates and classifies
// it. It knows the instructions of wasm 2.0 (MVP, sign extension,
// saturating truncation, bulk memory, reference types, multi-value block
// types, fixed-width SIMD) and tail calls; any other opcode is an error,
// never skipped by guessing its length.
func (r *reader) instr() (opClass, error) {
	op, err := r.byte()
	if err != nil {
		return 0, err
	}
	switch {
	case op == 0x02: // block
		return opBlock, r.sleb(33) // block type: 0x40, a value type or an s33 type index
	case op == 0x04:
		return opIf, r.sleb(33)
	case op == 0x03: // loop
		return opLoop, r.sleb(33)
	case op == 0x05:
		return opElse, nil
	case op == 0x0b:
		return opEnd, nil
	case op <= 0x01, // unreachable, nop
		op == 0x0f,             // return
		op == 0x1a, op == 0x1b, // drop, select
		op == 0xd1,               // ref.is_null
		op >= 0x45 && op <= 0xc4: // numeric, sign extension
		return opPlain, nil
	case op == 0x0c, op == 0x0d, // br, br_if
		op == 0x10, op == 0x12, // call, return_call
		op >= 0x20 && op <= 0x26, // local.*, global.*, table.get/set
		op == 0xd2,               // ref.func
		op == 0x3f, op == 0x40:   // memory.size, memory.grow (memory index)
		_, err = r.u32()
	case op == 0x11, op == 0x13: // call_indirect, return_call_indirect: type, table
		err = r.u32s(2)
	case op == 0x0e: // br_table: vector of labels, then the default
		var n int
		if n, err = r.vecLen(1); err == nil {
			err = r.u32s(n + 1)
		}
	case op == 0x1c: // select with value types
		var n int
		if n, err = r.vecLen(1); err == nil {
			_, err = r.bytes(uint64(n))
		}
	case op >= 0x28 && op <= 0x3e: // loads and stores
		err = r.memarg()
	case op == 0x41:
		err = r.sleb(32)
	case op == 0x42:
		err = r.sleb(64)
	case op == 0x43:
		_, err = r.bytes(4)
	case op == 0x44:
		_, err = r.bytes(8)
	case op == 0xd0: // ref.null: reference type
		_, err = r.byte()
	case op == 0xfc:
		return r.instrFC()
	case op == 0xfd:
		return opPlain, r.instrFD()
	default:
		return 0, r.errf("unknown opcode 0x%02x", op)
	}
	return opPlain, err
}

// instrFC reads the 0xFC-prefixed instructions: saturating truncation,
// bulk memory and the table instructions of reference types.
func (r *reader) instrFC() (opClass, error) {
	sub, err := r.u32()
	if err != nil {
		return 0, err
	}
	switch {
	case sub <= 7: // i32/i64.trunc_sat_f32/f64_s/u
		return opPlain, nil
	case sub == 9, sub == 13, sub == 15, sub == 16: // data.drop, elem.drop, table.grow, table.size
		_, err = r.u32()
		return opPlain, err
	case sub == 8, sub == 10, sub == 12, sub == 14: // memory.init, memory.copy, table.init, table.copy
		return opBulk, r.u32s(2)
	case sub == 11, sub == 17: // memory.fill, table.fill
		_, err = r.u32()
		return opBulk, err
	}
	return 0, r.errf("unknown opcode 0xfc %d", sub)
}

// simdUnassigned are the gaps in the 0xFD opcode space of fixed-width SIMD.
var simdUnassigned = map[uint32]bool{
	0x9a: true, 0xa2: true, 0xa5: true, 0xa6: true, 0xaf: true, 0xb0: true,
	0xb2: true, 0xb3: true, 0xb4: true, 0xbb: true, 0xc2: true, 0xc5: true,
	0xc6: true, 0xcf: true, 0xd0: true, 0xd2: true, 0xd3: true, 0xd4: true,
	0xe2: true, 0xee: true,
}

// instrFD reads the 0xFD-prefixed fixed-width SIMD instructions.
func (r *reader) instrFD() error {
	sub, err := r.u32()
	if err != nil {
		return err
	}
	switch {
	case sub <= 11, sub == 92, sub == 93: // v128 loads and stores, load*_zero
		return r.memarg()
	case sub == 12, sub == 13: // v128.const, i8x16.shuffle
		_, err = r.bytes(16)
		return err
	case sub >= 21 && sub <= 34: // extract_lane, replace_lane
		_, err = r.byte()
		return err
	case sub >= 84 && sub <= 91: // load*_lane, store*_lane
		if err := r.memarg(); err != nil {
			return err
		}
		_, err = r.byte()
		return err
	case sub <= 0xff && !simdUnassigned[sub]:
		return nil
	}
	return r.errf("unknown opcode 0xfd %d", sub)
}

// memarg reads alignment and offset. An alignment with bit 6 set
// announces a memory index (multi-memory), which is not supported.
func (r *reader) memarg() error {
	align, err := r.u32()
	if err != nil {
		return err
	}
	if align >= 64 {
		return r.errf("memory argument with alignment flags 0x%x (multi-memory)", align)
	}
	_, err = r.u32()
	return err
}

func (r *reader) u32s(n int) error {
	for range n {
		if _, err := r.u32(); err != nil {
			return err
		}
	}
	return nil
}
