package wasmbin

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// Instrumented is a module rewritten so that the embedder can reach all of
// its state and control when its start function runs.
type Instrumented struct {
	// Wasm is the rewritten module.
	Wasm []byte
	// Globals names the export of every mutable defined global, in index
	// order; GlobalTypes holds their value types.
	Globals     []string
	GlobalTypes []byte
	// Start names the export of the former start function, or is empty if
	// the module had none. The start section is removed, so instantiating
	// the rewritten module runs no code.
	Start string
	// Budget names the export of the metering global (mutable i64): the
	// instructions an execution may still run. It is not canister state.
	Budget string
}

// Instrument exports every mutable defined global, turns the start
// function into an export and meters the code (meter.go): it adds the
// budget global and charges in every function body. The global, export and
// code sections change and the start section goes; all other bytes are
// copied unchanged.
func Instrument(b []byte, m *Module) (*Instrumented, error) {
	taken := make(map[string]bool, len(m.Exports))
	for _, e := range m.Exports {
		taken[e.Name] = true
	}
	prefix := "__threshold_"
	for hasPrefix(taken, prefix) {
		prefix = "_" + prefix
	}
	out := &Instrumented{}
	exports := append([]Export(nil), m.Exports...)
	for i, g := range m.Globals {
		if !g.Mutable {
			continue
		}
		name := prefix + "global_" + strconv.Itoa(i)
		idx := uint32(m.ImportedGlobals + i)
		exports = append(exports, Export{Name: name, Kind: KindGlobal, Index: idx})
		out.Globals = append(out.Globals, name)
		out.GlobalTypes = append(out.GlobalTypes, g.Type)
	}
	if m.Start != nil {
		out.Start = prefix + "start"
		exports = append(exports, Export{Name: out.Start, Kind: KindFunc, Index: *m.Start})
	}
	budget := uint32(m.ImportedGlobals + len(m.Globals))
	out.Budget = prefix + "budget"
	exports = append(exports, Export{Name: out.Budget, Kind: KindGlobal, Index: budget})
	repl := map[byte][]byte{SecExport: encodeExports(exports)}
	var err error
	if repl[SecGlobal], err = appendBudgetGlobal(b, m); err != nil {
		return nil, err
	}
	for _, s := range m.Sections {
		if s.ID != SecCode {
			continue
		}
		params := make([]int, len(m.Funcs))
		for i, ti := range m.Funcs {
			ft, ok := m.FuncType(uint32(m.ImportedFuncs + i))
			if !ok {
				return nil, fmt.Errorf("%w: function %d has type index %d out of range", ErrMalformed, i, ti)
			}
			params[i] = len(ft.Params)
		}
		if repl[SecCode], err = meterCode(b[s.Body:s.End], budget, params); err != nil {
			return nil, err
		}
	}
	out.Wasm = rewriteSections(b, m, repl)
	return out, nil
}

// appendBudgetGlobal returns the global section with the budget global
// (mutable i64, initially 0) added after the defined globals.
func appendBudgetGlobal(b []byte, m *Module) ([]byte, error) {
	body := []byte{}
	for _, s := range m.Sections {
		if s.ID == SecGlobal {
			r := &reader{b: b[s.Body:s.End]}
			if _, err := r.u32(); err != nil {
				return nil, err
			}
			body = r.b[r.off:]
		}
	}
	out := appendULEB(nil, uint64(len(m.Globals))+1)
	out = append(out, body...)
	return append(out, I64, 1, 0x42, 0, 0x0b), nil
}

func hasPrefix(names map[string]bool, prefix string) bool {
	for n := range names {
		if len(n) >= len(prefix) && n[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}

func encodeExports(exports []Export) []byte {
	body := appendULEB(nil, uint64(len(exports)))
	for _, e := range exports {
		body = appendName(body, e.Name)
		body = append(body, e.Kind)
		body = appendULEB(body, uint64(e.Index))
	}
	return body
}

// rewriteSections copies b, dropping the start section and replacing the
// sections in repl by their new bodies (inserting them in canonical order
// if the module had none).
func rewriteSections(b []byte, m *Module, repl map[byte][]byte) []byte {
	size := len(b)
	for _, body := range repl {
		size += len(body) + 6
	}
	out := make([]byte, 0, size)
	out = append(out, magic...)
	written := map[byte]bool{}
	write := func(id byte) {
		out = append(out, id)
		out = appendULEB(out, uint64(len(repl[id])))
		out = append(out, repl[id]...)
		written[id] = true
	}
	// ids are the replaced sections in canonical order.
	ids := slices.SortedFunc(maps.Keys(repl), func(a, b byte) int { return cmp.Compare(order[a], order[b]) })
	// flush writes the replaced sections that come before position pos.
	flush := func(pos int) {
		for _, id := range ids {
			if !written[id] && order[id] < pos {
				write(id)
			}
		}
	}
	for _, s := range m.Sections {
		if s.ID == SecCustom {
			out = append(out, b[s.Start:s.End]...)
			continue
		}
		if s.ID == SecStart {
			continue
		}
		flush(order[s.ID])
		if _, ok := repl[s.ID]; ok {
			write(s.ID)
			continue
		}
		out = append(out, b[s.Start:s.End]...)
	}
	flush(len(order) + 1)
	return out
}
