package wasmbin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// assetCanister is the Go asset canister (wasip1, 6 MB), built by the
// assets package.
const assetCanister = "../../../../assets/canister.wasm"

// validate compiles b with wazero's default (wasm 2.0) features: the
// engine's validation of every function body. wazero v1.12 panics on some
// malformed code sections (a huge count of locals: the fuzzer's input
// 0ba81f9b5e66fc42), which Parse or Instrument refuse before the engine
// ever compiles them; such a panic counts as invalid here.
func validate(t testing.TB, b []byte) (err error) {
	t.Helper()
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	defer rt.Close(ctx)
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("wazero panicked: %v", p)
		}
	}()
	_, err = rt.CompileModule(ctx, b)
	return err
}

func instrument(t testing.TB, b []byte) (*Module, *Instrumented) {
	t.Helper()
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	ins, err := Instrument(b, m)
	if err != nil {
		t.Fatal(err)
	}
	return m, ins
}

// TestMeterRoundTrip instruments every test canister and the Go asset
// canister: the result validates, and every function body is the original
// with charges inserted, whose static amounts add up to the original's
// instruction count, structure (block, loop, else, end) not counted: each
// instruction is in exactly one region.
func TestMeterRoundTrip(t *testing.T) {
	mods := canisterModules(t)
	if b, err := os.ReadFile(assetCanister); err == nil {
		mods["assets/canister.wasm"] = b
	} else {
		t.Logf("no asset canister: %v", err)
	}
	for name, b := range mods {
		t.Run(name, func(t *testing.T) {
			m, ins := instrument(t, b)
			if err := validate(t, ins.Wasm); err != nil {
				t.Fatalf("instrumented module does not validate: %v", err)
			}
			checkStripped(t, b, m, ins.Wasm)
		})
	}
}

// checkStripped removes the charges from every body of metered and
// compares the rest with the original bodies.
func checkStripped(t *testing.T, orig []byte, m *Module, metered []byte) {
	t.Helper()
	budget := uint32(m.ImportedGlobals + len(m.Globals))
	ob, mb := codeBodies(t, orig), codeBodies(t, metered)
	if len(ob) != len(mb) || len(ob) != len(m.Funcs) {
		t.Fatalf("%d and %d bodies for %d functions", len(ob), len(mb), len(m.Funcs))
	}
	for i := range ob {
		code, charged, bulk := stripCharges(t, mb[i], budget)
		r := &reader{b: ob[i]}
		groups, _ := r.vecLen(2)
		for range groups {
			r.u32()
			r.byte()
		}
		if !bytes.Equal(code, ob[i][r.off:]) {
			t.Fatalf("function %d: code differs after removing the charges", i)
		}
		want, wantBulk := uint64(0), 0
		cr := &reader{b: code}
		for !cr.done() {
			class, err := cr.instr()
			if err != nil {
				t.Fatal(err)
			}
			switch class {
			case opBlock, opLoop, opElse, opEnd: // structure counts 0
			case opBulk:
				want++
				wantBulk++
			default:
				want++
			}
		}
		if charged != want || bulk != wantBulk {
			t.Fatalf("function %d: charges add up to %d (%d bulk), the body has %d instructions (%d bulk)", i, charged, bulk, want, wantBulk)
		}
	}
}

func codeBodies(t *testing.T, b []byte) [][]byte {
	t.Helper()
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range m.Sections {
		if s.ID != SecCode {
			continue
		}
		r := &reader{b: b[s.Body:s.End]}
		n, _ := r.vecLen(2)
		out := make([][]byte, n)
		for i := range out {
			size, _ := r.u32()
			out[i], _ = r.bytes(uint64(size))
		}
		return out
	}
	return nil
}

// stripCharges decodes a metered body instruction by instruction and
// returns its code without the charges, the sum of the static charges and
// the number of bulk charges. A charge is recognized by its global.get of
// the budget global, which the original code cannot name.
func stripCharges(t *testing.T, body []byte, budget uint32) (code []byte, charged uint64, bulk int) {
	t.Helper()
	r := &reader{b: body}
	groups, _ := r.vecLen(2)
	for range groups {
		r.u32()
		r.byte()
	}
	getBudget := appendGlobal(nil, 0x23, budget)
	check := appendCheck(nil, budget)
	for !r.done() {
		at := r.off
		rest := body[at:]
		switch {
		case bytes.HasPrefix(rest, check):
			r.off += len(check)
		case bytes.HasPrefix(rest, getBudget) && len(rest) > len(getBudget) && rest[len(getBudget)] == 0x42:
			// global.get $b; i64.const n; i64.sub; global.set $b
			r.off += len(getBudget) + 1
			start := r.off
			if err := r.sleb(64); err != nil {
				t.Fatal(err)
			}
			n := readSLEB(body[start:r.off])
			if n < 1 {
				t.Fatalf("charge of %d at %d", n, at)
			}
			charged += uint64(n)
			tail := append([]byte{0x7d}, appendGlobal(nil, 0x24, budget)...)
			if !bytes.HasPrefix(body[r.off:], tail) {
				t.Fatalf("malformed charge at %d", at)
			}
			r.off += len(tail)
		case len(rest) > 0 && rest[0] == 0x22: // local.tee: only bulk charges use it before a bulk op
			r.off++
			s, _ := r.u32()
			want := append(appendBulkCharge(nil, budget, s), check...)
			if bytes.HasPrefix(rest, want) {
				r.off = at + len(want)
				bulk++
				continue
			}
			code = append(code, rest[:r.off-at]...)
		default:
			if _, err := r.instr(); err != nil {
				t.Fatalf("at %d: %v", at, err)
			}
			code = append(code, body[at:r.off]...)
		}
	}
	return code, charged, bulk
}

func readSLEB(b []byte) int64 {
	var v int64
	var shift uint
	for _, c := range b {
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 && shift < 64 && c&0x40 != 0 {
			v |= -1 << shift
		}
	}
	return v
}

// A hand-assembled module for behaviour tests.
func testModule(funcs ...[]byte) []byte {
	sec := func(id byte, body ...byte) []byte {
		return append(append([]byte{id}, appendULEB(nil, uint64(len(body)))...), body...)
	}
	b := append([]byte(nil), magic...)
	// types: 0 = (i32) -> i32, 1 = (i32 i32) -> i32
	b = append(b, sec(SecType, 2, 0x60, 1, I32, 1, I32, 0x60, 2, I32, I32, 1, I32)...)
	fs := []byte{byte(len(funcs))}
	for range funcs {
		fs = append(fs, 0)
	}
	b = append(b, sec(SecFunction, fs...)...)
	b = append(b, sec(SecMemory, 1, 0, 1)...)
	ex := []byte{byte(len(funcs))}
	for i := range funcs {
		ex = append(ex, 1, 'a'+byte(i), KindFunc, byte(i))
	}
	b = append(b, sec(SecExport, ex...)...)
	code := []byte{byte(len(funcs))}
	for _, f := range funcs {
		code = append(append(code, appendULEB(nil, uint64(len(f)))...), f...)
	}
	return append(b, sec(SecCode, code...)...)
}

var (
	// sumTo(n): s = 0; block; loop; br_if 1 (n == 0); s += n; n--; br 0; end; end; s
	sumTo = []byte{1, 1, I32, // one local s
		0x02, 0x40, 0x03, 0x40,
		0x20, 0, 0x45, 0x0d, 1, // local.get n; i32.eqz; br_if 1
		0x20, 1, 0x20, 0, 0x6a, 0x21, 1, // s += n
		0x20, 0, 0x41, 1, 0x6b, 0x21, 0, // n--
		0x0c, 0, 0x0b, 0x0b,
		0x20, 1, 0x0b}
	// fill(n): memory.fill(0, 7, n); multi-value block; returns n.
	fill = []byte{0,
		0x41, 0, 0x41, 7, 0x20, 0, 0xfc, 11, 0,
		0x20, 0, 0x0b}
	// loopForever: loop br 0 end; unreachable
	loopForever = []byte{0, 0x03, 0x40, 0x0c, 0, 0x0b, 0x00, 0x0b}
)

type runner struct {
	mod    api.Module
	budget api.MutableGlobal
}

func run(t *testing.T, wasm []byte, budgetName string) runner {
	t.Helper()
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	t.Cleanup(func() { rt.Close(ctx) })
	mod, err := rt.Instantiate(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	r := runner{mod: mod}
	if budgetName != "" {
		r.budget = mod.ExportedGlobal(budgetName).(api.MutableGlobal)
	}
	return r
}

func (r runner) call(t *testing.T, fn string, budget int64, arg uint64) (uint64, int64, error) {
	t.Helper()
	if r.budget != nil {
		r.budget.Set(uint64(budget))
	}
	res, err := r.mod.ExportedFunction(fn).Call(context.Background(), arg)
	left := int64(0)
	if r.budget != nil {
		left = int64(r.budget.Get())
	}
	if err != nil {
		return 0, left, err
	}
	return res[0], left, nil
}

// TestMeterBehaviour: a metered function computes what the original
// does (the inserted if...end leaves branch depths alone: br_if 1 still
// leaves the outer block, br 0 still repeats the loop); a loop of n
// iterations costs more than n and the cost is the same every time; an
// exhausted budget traps with the global below zero; bulk operations pay
// per byte.
func TestMeterBehaviour(t *testing.T) {
	wasm := testModule(sumTo, fill, loopForever)
	if err := validate(t, wasm); err != nil {
		t.Fatal(err)
	}
	_, ins := instrument(t, wasm)
	orig, met := run(t, wasm, ""), run(t, ins.Wasm, ins.Budget)
	const budget = 1 << 40
	var prevCost int64
	for _, n := range []uint64{0, 1, 2, 10, 1000} {
		want, _, err := orig.call(t, "a", 0, n)
		if err != nil {
			t.Fatal(err)
		}
		got, left, err := met.call(t, "a", budget, n)
		if err != nil || got != want {
			t.Fatalf("sumTo(%d) = %d, %v; want %d", n, got, err, want)
		}
		cost := budget - left
		if cost <= int64(n) || cost <= prevCost {
			t.Fatalf("sumTo(%d) cost %d (previous %d)", n, cost, prevCost)
		}
		if _, again, _ := met.call(t, "a", budget, n); again != left {
			t.Fatalf("sumTo(%d) cost %d then %d", n, cost, budget-again)
		}
		prevCost = cost
	}
	// Exactly enough budget passes; one less leaves the global below zero
	// (code after the last check only subtracts: the embedder checks).
	_, left, _ := met.call(t, "a", budget, 10)
	cost := budget - left
	if _, left, err := met.call(t, "a", cost, 10); err != nil || left != 0 {
		t.Fatalf("budget %d: left %d, %v", cost, left, err)
	}
	if _, left, _ := met.call(t, "a", cost-1, 10); left >= 0 {
		t.Fatalf("budget %d: left %d; want below zero", cost-1, left)
	}
	// Too little for the loop traps at the loop's check.
	if _, left, err := met.call(t, "a", cost/2, 10); err == nil || left >= 0 {
		t.Fatalf("budget %d: left %d, %v; want a trap", cost/2, left, err)
	}
	_, small, _ := met.call(t, "b", budget, 10)
	_, large, _ := met.call(t, "b", budget, 10_000)
	if small-large != 10_000-10 {
		t.Fatalf("memory.fill of 10 and 10000 bytes cost %d and %d", budget-small, budget-large)
	}
	if _, left, err := met.call(t, "c", 1_000_000, 0); err == nil || left >= 0 {
		t.Fatalf("infinite loop: left %d, %v", left, err)
	}
}

// TestMeterRejects: an unknown opcode, a truncated body and trailing
// bytes are errors wrapping ErrMalformed.
func TestMeterRejects(t *testing.T) {
	for name, body := range map[string][]byte{
		"unknown opcode":        {0, 0x06, 0x0b},
		"unknown 0xfc":          {0, 0xfc, 18, 0x0b},
		"unassigned simd":       {0, 0xfd, 0x9a, 0x01, 0x0b},
		"atomics":               {0, 0xfe, 0, 0x0b},
		"missing end":           {0, 0x41, 0},
		"after end":             {0, 0x0b, 0x01},
		"unclosed block":        {0, 0x02, 0x40, 0x0b},
		"multi-memory memarg":   {0, 0x41, 0, 0x28, 0x40, 0, 0, 0x1a, 0x0b},
		"truncated v128.const":  {0, 0xfd, 12, 1, 2, 3},
		"truncated br_table":    {0, 0x0e, 5, 0},
		"huge local count":      {2, 0xff, 0xff, 0xff, 0xff, 0x0f, I32, 0xff, 0xff, 0xff, 0xff, 0x0f, I32, 0x0b},
		"block type too long":   {0, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b, 0x0b},
		"br_table length bound": {0, 0x0e, 0xff, 0xff, 0xff, 0xff, 0x0f},
	} {
		t.Run(name, func(t *testing.T) {
			b := testModule(body)
			m, err := Parse(b)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Instrument(b, m); !errors.Is(err, ErrMalformed) {
				t.Fatalf("Instrument: %v", err)
			}
		})
	}
}

// TestMeterFeatures: instructions of every supported proposal decode, and
// the metered module validates.
func TestMeterFeatures(t *testing.T) {
	v128 := []byte{0xfd, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	body := slices.Concat([]byte{0},
		[]byte{0x41, 0, 0xc0, 0x1a},                           // i32.extend8_s
		[]byte{0x43, 0, 0, 0, 0, 0xfc, 0, 0x1a},               // i32.trunc_sat_f32_s
		[]byte{0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 10, 0, 0},     // memory.copy
		[]byte{0xd0, 0x70, 0xd1, 0x1a},                        // ref.null func; ref.is_null
		[]byte{0x41, 1, 0x41, 2, 0x41, 0, 0x1c, 1, I32, 0x1a}, // typed select
		v128, []byte{0xfd, 21, 3, 0x1a}, // i8x16.extract_lane_s 3
		[]byte{0x41, 0, 0xfd, 0, 4, 0}, v128, // v128.load
		[]byte{0xfd, 13, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, // i8x16.shuffle
		[]byte{0xfd, 0xff, 0x01},                                             // f64x2.convert_low_i32x4_u
		[]byte{0xfd, 0x53, 0x1a},                                             // v128.any_true
		[]byte{0x41, 0}, v128, []byte{0xfd, 0x54, 0, 0, 0, 0xfd, 0x53, 0x1a}, // v128.load8_lane
		[]byte{0x41, 1, 0x41, 2, 0x02, 1, 0x6a, 0x0b, 0x1a}, // block (type 1): multi-value
		[]byte{0x03, 0x7f, 0x41, 5, 0x0b, 0x1a},             // loop (result i32)
		[]byte{0x20, 0, 0x0b})
	b := testModule(body)
	if err := validate(t, b); err != nil {
		t.Fatalf("test module: %v", err)
	}
	m, ins := instrument(t, b)
	if err := validate(t, ins.Wasm); err != nil {
		t.Fatal(err)
	}
	checkStripped(t, b, m, ins.Wasm)
}

// FuzzInstrument: the instrumenter never panics on any bytes, and a module
// that wazero accepts is instrumented into one that wazero accepts.
func FuzzInstrument(f *testing.F) {
	f.Add(testModule(sumTo, fill, loopForever))
	f.Add(testModule([]byte{0, 0x41, 0, 0x02, 0x40, 0x03, 0x40, 0x0c, 1, 0x0b, 0x0b, 0x0b}))
	f.Add(testModule([]byte{0, 0x0e, 1, 0, 0, 0x0b}))
	f.Add(testModule([]byte{0, 0x41, 0, 0x04, 0x40, 0x03, 0x40, 0x0b, 0x05, 0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 11, 0, 0x0b, 0x20, 0, 0x0b}))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err != nil {
			return // wazero never sees a module Parse refuses
		}
		ins, ierr := Instrument(b, m)
		if ierr == nil {
			if _, err := Parse(ins.Wasm); err != nil {
				t.Fatalf("instrumented module does not parse: %v", err)
			}
		} else if !errors.Is(ierr, ErrMalformed) {
			t.Fatalf("error %v does not wrap ErrMalformed", ierr)
		}
		if validate(t, b) != nil {
			return
		}
		if ierr != nil {
			t.Fatalf("valid module refused: %v", ierr)
		}
		if err := validate(t, ins.Wasm); err != nil {
			t.Fatalf("valid module instrumented into an invalid one: %v", err)
		}
	})
}
