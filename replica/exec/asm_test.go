package exec

// A tiny assembler for hand-written test modules: enough of the binary
// format for a few functions over one memory, imports from ic0 and
// exported entry points.

type asmFunc struct {
	typ    int
	export string // "" = not exported
	body   []byte // instructions, without the final end
}

type asmImport struct {
	module, name string
	typ          int
}

type asmModule struct {
	types   [][2][]byte // params, results
	imports []asmImport
	funcs   []asmFunc
	memory  int  // initial pages; -1 = no memory
	global  bool // one mutable i32 global, initially 0
	start   int  // function index of the start function, or -1
}

func leb(v uint64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

// sleb encodes a signed constant (i32.const operands).
func sleb(v int64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func str(s string) []byte { return append(leb(uint64(len(s))), s...) }

func section(id byte, items ...[]byte) []byte {
	body := leb(uint64(len(items)))
	for _, it := range items {
		body = append(body, it...)
	}
	return append(append([]byte{id}, leb(uint64(len(body)))...), body...)
}

func (m asmModule) bytes() []byte {
	out := []byte{0, 'a', 's', 'm', 1, 0, 0, 0}
	var ts, is, fs, es, cs [][]byte
	for _, t := range m.types {
		ts = append(ts, append(append([]byte{0x60}, append(leb(uint64(len(t[0]))), t[0]...)...), append(leb(uint64(len(t[1]))), t[1]...)...))
	}
	for _, im := range m.imports {
		is = append(is, append(append(str(im.module), str(im.name)...), append([]byte{0}, leb(uint64(im.typ))...)...))
	}
	for i, f := range m.funcs {
		fs = append(fs, leb(uint64(f.typ)))
		if f.export != "" {
			es = append(es, append(append(str(f.export), 0), leb(uint64(len(m.imports)+i))...))
		}
		body := append([]byte{0}, f.body...) // no locals
		body = append(body, 0x0b)
		cs = append(cs, append(leb(uint64(len(body))), body...))
	}
	out = append(out, section(1, ts...)...)
	if len(is) > 0 {
		out = append(out, section(2, is...)...)
	}
	out = append(out, section(3, fs...)...)
	if m.memory >= 0 {
		out = append(out, section(5, append([]byte{0}, leb(uint64(m.memory))...))...)
	}
	if m.global {
		out = append(out, section(6, []byte{0x7f, 1, 0x41, 0, 0x0b})...)
	}
	if len(es) > 0 {
		out = append(out, section(7, es...)...)
	}
	if m.start >= 0 {
		out = append(out, 8, byte(len(leb(uint64(m.start)))))
		out = append(out, leb(uint64(m.start))...)
	}
	return append(out, section(10, cs...)...)
}

// Instructions.
func i32c(v int64) []byte { return append([]byte{0x41}, sleb(v)...) }
func callf(f int) []byte  { return append([]byte{0x10}, leb(uint64(f))...) }
func cat(bs ...[]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

var (
	opDrop      = []byte{0x1a}
	opLoopBr    = []byte{0x03, 0x40, 0x0c, 0x00, 0x0b} // loop br 0 end
	opGlobalGet = []byte{0x23, 0}
	opGlobalSet = []byte{0x24, 0}
	opI32Add    = []byte{0x6a}
	opI32Store  = []byte{0x36, 2, 0} // align 4, offset 0
	opMemGrow   = []byte{0x40, 0}
	opUnreach   = []byte{0x00}
)

// Types used by the test modules.
const (
	tVoid   = iota // () -> ()
	tI32x2         // (i32, i32) -> ()
	tI32x3         // (i32, i32, i32) -> ()
	tRetI32        // () -> i32
	tI64x3         // (i64, i64, i64) -> ()
	tI64I64        // (i64) -> i64
	tI32I64        // (i32) -> i64
)

var testTypes = [][2][]byte{
	tVoid:   {nil, nil},
	tI32x2:  {{0x7f, 0x7f}, nil},
	tI32x3:  {{0x7f, 0x7f, 0x7f}, nil},
	tRetI32: {nil, {0x7f}},
	tI64x3:  {{0x7e, 0x7e, 0x7e}, nil},
	tI64I64: {{0x7e}, {0x7e}},
	tI32I64: {{0x7f}, {0x7e}},
}
