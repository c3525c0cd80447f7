// Package wasmbin is a small reader and rewriter of the WebAssembly binary
// format: enough of the module structure (types, imports, functions,
// memories, globals, exports, start, custom sections) for a replica to
// validate a canister module against the System API and to rewrite it so
// that its mutable globals are exported and its code is metered
// (meter.go). Instrument decodes code bodies only as far as metering needs
// (instruction boundaries, blocks and loops); the engine that compiles the
// module validates them.
//
// Parse and Instrument never panic; every malformed input yields an error
// wrapping ErrMalformed.
package wasmbin

import "bytes"

// Section ids of the binary format.
const (
	SecCustom    = 0
	SecType      = 1
	SecImport    = 2
	SecFunction  = 3
	SecTable     = 4
	SecMemory    = 5
	SecGlobal    = 6
	SecExport    = 7
	SecStart     = 8
	SecElement   = 9
	SecCode      = 10
	SecData      = 11
	SecDataCount = 12
	SecTag       = 13
)

// External kinds of imports and exports.
const (
	KindFunc   = 0
	KindTable  = 1
	KindMemory = 2
	KindGlobal = 3
	KindTag    = 4
)

// Value types.
const (
	I32  = 0x7f
	I64  = 0x7e
	F32  = 0x7d
	F64  = 0x7c
	V128 = 0x7b
)

var magic = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

// FuncType is a function signature.
type FuncType struct {
	Params, Results []byte
}

// Equal reports whether two signatures are the same.
func (t FuncType) Equal(o FuncType) bool {
	return bytes.Equal(t.Params, o.Params) && bytes.Equal(t.Results, o.Results)
}

// Import is one entry of the import section. Type is the type index for
// functions; Memory is set for memory imports.
type Import struct {
	Module, Name string
	Kind         byte
	Type         uint32
	Memory       *Memory
}

// Memory is a memory's limits.
type Memory struct {
	Min, Max uint64
	HasMax   bool
	Shared   bool
	Is64     bool
}

// Global is a defined global's type.
type Global struct {
	Type    byte
	Mutable bool
}

// Export is one entry of the export section.
type Export struct {
	Name  string
	Kind  byte
	Index uint32
}

// Custom is a custom section.
type Custom struct {
	Name string
	Data []byte
}

// Section is the extent of one section in the module bytes: Start is the
// offset of its id byte, Body the offset of its contents, End one past
// them.
type Section struct {
	ID               byte
	Start, Body, End int
}

// Module is what Parse reads from a module.
type Module struct {
	Types     []FuncType
	Imports   []Import
	Funcs     []uint32 // type index of each defined function
	Memories  []Memory // defined memories
	Globals   []Global // defined globals
	Exports   []Export
	Start     *uint32
	Customs   []Custom
	Sections  []Section
	NumTables int

	// ImportedFuncs, ImportedGlobals count the imports of those kinds:
	// defined items' indices follow them.
	ImportedFuncs, ImportedGlobals int
}

// FuncType returns the signature of function index i (imported or
// defined), and false if i is out of range.
func (m *Module) FuncType(i uint32) (FuncType, bool) {
	var ti uint32
	if int(i) < m.ImportedFuncs {
		n := 0
		for _, im := range m.Imports {
			if im.Kind != KindFunc {
				continue
			}
			if n == int(i) {
				ti = im.Type
				break
			}
			n++
		}
	} else if d := int(i) - m.ImportedFuncs; d < len(m.Funcs) {
		ti = m.Funcs[d]
	} else {
		return FuncType{}, false
	}
	if int(ti) >= len(m.Types) {
		return FuncType{}, false
	}
	return m.Types[ti], true
}
