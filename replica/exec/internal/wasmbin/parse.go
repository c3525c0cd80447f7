package wasmbin

import "bytes"

// order gives each known non-custom section its position in a module.
var order = map[byte]int{
	SecType: 1, SecImport: 2, SecFunction: 3, SecTable: 4, SecMemory: 5, SecTag: 6,
	SecGlobal: 7, SecExport: 8, SecStart: 9, SecElement: 10, SecDataCount: 11,
	SecCode: 12, SecData: 13,
}

// Parse reads the structure of a module in the binary format.
func Parse(b []byte) (*Module, error) {
	if len(b) < len(magic) || !bytes.Equal(b[:len(magic)], magic) {
		return nil, (&reader{b: b}).errf("missing magic number and version 1")
	}
	m := &Module{}
	r := &reader{b: b, off: len(magic)}
	last := 0
	for !r.done() {
		start := r.off
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		body, err := r.bytes(uint64(size))
		if err != nil {
			return nil, err
		}
		m.Sections = append(m.Sections, Section{ID: id, Start: start, Body: r.off - len(body), End: r.off})
		if id != SecCustom {
			pos, ok := order[id]
			if !ok {
				return nil, r.errf("unknown section id %d", id)
			}
			if pos <= last {
				return nil, r.errf("section %d out of order or repeated", id)
			}
			last = pos
		}
		sr := &reader{b: body}
		if err := m.section(id, sr); err != nil {
			return nil, err
		}
		if id != SecCustom && !sr.done() {
			return nil, sr.errf("section %d has %d trailing bytes", id, len(body)-sr.off)
		}
	}
	if len(m.Funcs) > 0 && !m.hasSection(SecCode) {
		return nil, r.errf("function section without code section")
	}
	return m, nil
}

func (m *Module) hasSection(id byte) bool {
	for _, s := range m.Sections {
		if s.ID == id {
			return true
		}
	}
	return false
}

func (m *Module) section(id byte, r *reader) error {
	switch id {
	case SecCustom:
		name, err := r.name()
		if err != nil {
			return err
		}
		m.Customs = append(m.Customs, Custom{Name: name, Data: r.b[r.off:]})
		return nil
	case SecType:
		return m.types(r)
	case SecImport:
		return m.imports(r)
	case SecFunction:
		n, err := r.vecLen(1)
		if err != nil {
			return err
		}
		m.Funcs = make([]uint32, n)
		for i := range m.Funcs {
			if m.Funcs[i], err = r.u32(); err != nil {
				return err
			}
		}
		return nil
	case SecTable:
		n, err := r.vecLen(2)
		if err != nil {
			return err
		}
		m.NumTables = n
		for range n {
			if _, err := r.byte(); err != nil { // reference type
				return err
			}
			if _, err := r.limits(); err != nil {
				return err
			}
		}
		return nil
	case SecMemory:
		n, err := r.vecLen(2)
		if err != nil {
			return err
		}
		for range n {
			mem, err := r.limits()
			if err != nil {
				return err
			}
			m.Memories = append(m.Memories, mem)
		}
		return nil
	case SecGlobal:
		return m.globals(r)
	case SecExport:
		return m.exports(r)
	case SecStart:
		s, err := r.u32()
		if err != nil {
			return err
		}
		m.Start = &s
		return nil
	case SecElement, SecData, SecCode:
		// Left to the engine (and the code to Instrument), but their
		// element counts are bounded by their size first: an engine may
		// allocate for the count it reads before it reads the elements.
		if _, err := r.vecLen(1); err != nil {
			return err
		}
		r.off = len(r.b)
		return nil
	default:
		// Data count and tag sections are left to the engine; their
		// extent is recorded in Sections.
		r.off = len(r.b)
		return nil
	}
}

func (m *Module) types(r *reader) error {
	n, err := r.vecLen(3)
	if err != nil {
		return err
	}
	m.Types = make([]FuncType, 0, n)
	for range n {
		form, err := r.byte()
		if err != nil {
			return err
		}
		if form != 0x60 {
			return r.errf("type form 0x%02x is not a function type", form)
		}
		var t FuncType
		if t.Params, err = r.valTypes(); err != nil {
			return err
		}
		if t.Results, err = r.valTypes(); err != nil {
			return err
		}
		m.Types = append(m.Types, t)
	}
	return nil
}

func (r *reader) valTypes() ([]byte, error) {
	n, err := r.vecLen(1)
	if err != nil {
		return nil, err
	}
	return r.bytes(uint64(n))
}

// limits reads memory or table limits (flags, min, optional max).
func (r *reader) limits() (Memory, error) {
	flags, err := r.byte()
	if err != nil {
		return Memory{}, err
	}
	if flags > 7 {
		return Memory{}, r.errf("limits flags 0x%02x", flags)
	}
	mem := Memory{HasMax: flags&1 != 0, Shared: flags&2 != 0, Is64: flags&4 != 0}
	bits := uint(32)
	if mem.Is64 {
		bits = 64
	}
	if mem.Min, err = r.uleb(bits); err != nil {
		return Memory{}, err
	}
	if mem.HasMax {
		if mem.Max, err = r.uleb(bits); err != nil {
			return Memory{}, err
		}
	}
	return mem, nil
}
