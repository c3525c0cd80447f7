package wasmbin

import "strconv"

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
}

// Instrument exports every mutable defined global and turns the start
// function into an export. Only the export and start sections change; all
// other bytes are copied unchanged.
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
	out.Wasm = rewriteSections(b, m, encodeExports(exports))
	return out, nil
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

// rewriteSections copies b, dropping the start section and replacing (or
// inserting, in canonical order) the export section with exportBody.
func rewriteSections(b []byte, m *Module, exportBody []byte) []byte {
	out := make([]byte, 0, len(b)+len(exportBody)+8)
	out = append(out, magic...)
	written := false
	writeExports := func() {
		out = append(out, SecExport)
		out = appendULEB(out, uint64(len(exportBody)))
		out = append(out, exportBody...)
		written = true
	}
	for _, s := range m.Sections {
		switch {
		case s.ID == SecStart:
			continue
		case s.ID == SecExport:
			writeExports()
			continue
		case !written && s.ID != SecCustom && order[s.ID] > order[SecExport]:
			writeExports()
		}
		out = append(out, b[s.Start:s.End]...)
	}
	if !written {
		writeExports()
	}
	return out
}
