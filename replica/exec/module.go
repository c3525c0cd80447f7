package exec

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"

	"github.com/threshold-ic/threshold/replica/exec/internal/wasmbin"
)

// Limits a canister module must respect (PROTOCOL.md §6.1).
const (
	maxFunctions       = 50_000
	maxGlobals         = 1_000
	maxMethods         = 1_000
	maxMethodNameBytes = 20_000
	maxMetadata        = 16
	maxMetadataBytes   = 1 << 20
)

// methodKind is how a method is exported.
type methodKind uint8

const (
	methodUpdate methodKind = iota + 1
	methodQuery
	methodCompositeQuery
)

// Metadata is one `icp:public` / `icp:private` custom section.
type Metadata struct {
	Public bool
	Data   []byte
}

// moduleInfo is what validation learns about a canister module.
type moduleInfo struct {
	methods      map[string]methodKind
	system       map[string]bool // canister_init, canister_pre_upgrade, …
	metadata     map[string]Metadata
	hasMemory    bool
	initialize   bool // exports _initialize (Go wasip1 modules)
	instrumented *wasmbin.Instrumented
}

var systemExports = map[string]bool{
	"canister_init": true, "canister_pre_upgrade": true, "canister_post_upgrade": true,
	"canister_inspect_message": true, "canister_heartbeat": true, "canister_global_timer": true,
	"canister_on_low_wasm_memory": true,
}

// decodeModule returns the raw module bytes of a raw or gzip module.
func decodeModule(b []byte, limit int) ([]byte, error) {
	if len(b) >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 0x08 {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%w: gzip: %v", ErrInvalidWasm, err)
		}
		out, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
		if err != nil {
			return nil, fmt.Errorf("%w: gzip: %v", ErrInvalidWasm, err)
		}
		b = out
	}
	if len(b) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrModuleTooBig, limit)
	}
	return b, nil
}

// validateModule checks a raw module against the canister module rules and
// rewrites it for execution.
func validateModule(b []byte) (*moduleInfo, error) {
	m, err := wasmbin.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidWasm, err)
	}
	info := &moduleInfo{methods: map[string]methodKind{}, system: map[string]bool{}, metadata: map[string]Metadata{}}
	if err := checkImports(m); err != nil {
		return nil, err
	}
	if err := checkMemory(m, info); err != nil {
		return nil, err
	}
	if len(m.Funcs)+m.ImportedFuncs > maxFunctions {
		return nil, fmt.Errorf("%w: %d functions exceed the limit of %d", ErrInvalidWasm, len(m.Funcs)+m.ImportedFuncs, maxFunctions)
	}
	if len(m.Globals) > maxGlobals {
		return nil, fmt.Errorf("%w: %d globals exceed the limit of %d", ErrInvalidWasm, len(m.Globals), maxGlobals)
	}
	for _, g := range m.Globals {
		if g.Mutable && g.Type == wasmbin.V128 {
			return nil, fmt.Errorf("%w: mutable v128 globals", ErrUnsupported)
		}
	}
	if err := checkExports(m, info); err != nil {
		return nil, err
	}
	if err := checkMetadata(m, info); err != nil {
		return nil, err
	}
	if info.instrumented, err = wasmbin.Instrument(b, m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidWasm, err)
	}
	return info, nil
}

func checkImports(m *wasmbin.Module) error {
	for _, im := range m.Imports {
		h, ok := hostFuncs[im.Module][im.Name]
		if !ok || im.Module == "" {
			return fmt.Errorf("%w: module imports function %q from %q that is not exported by the runtime", ErrInvalidWasm, im.Name, im.Module)
		}
		if im.Kind != wasmbin.KindFunc {
			return fmt.Errorf("%w: import %s.%s is not a function", ErrInvalidWasm, im.Module, im.Name)
		}
		if int(im.Type) >= len(m.Types) {
			return fmt.Errorf("%w: import %s.%s has type index %d out of range", ErrInvalidWasm, im.Module, im.Name, im.Type)
		}
		want := wasmbin.FuncType{Params: h.params, Results: h.results}
		if !m.Types[im.Type].Equal(want) {
			return fmt.Errorf("%w: import %s.%s has the wrong signature", ErrInvalidWasm, im.Module, im.Name)
		}
	}
	return nil
}

func checkMemory(m *wasmbin.Module, info *moduleInfo) error {
	if len(m.Memories) > 1 {
		return fmt.Errorf("%w: %d memories (at most 1)", ErrInvalidWasm, len(m.Memories))
	}
	if len(m.Memories) == 1 {
		mem := m.Memories[0]
		if mem.Is64 {
			return fmt.Errorf("%w: 64-bit memory (memory64) is not supported yet", ErrUnsupported)
		}
		if mem.Shared {
			return fmt.Errorf("%w: shared memory", ErrUnsupported)
		}
		info.hasMemory = true
	}
	return nil
}

func checkExports(m *wasmbin.Module, info *moduleInfo) error {
	nameBytes := 0
	seen := map[string]bool{}
	for _, e := range m.Exports {
		if seen[e.Name] {
			return fmt.Errorf("%w: duplicate export %q", ErrInvalidWasm, e.Name)
		}
		seen[e.Name] = true
		if e.Name == "_initialize" && e.Kind == wasmbin.KindFunc {
			info.initialize = true
		}
		if !strings.HasPrefix(e.Name, "canister_") {
			continue
		}
		if e.Kind != wasmbin.KindFunc {
			return fmt.Errorf("%w: export %q is not a function", ErrInvalidWasm, e.Name)
		}
		if t, ok := m.FuncType(e.Index); !ok || len(t.Params) != 0 || len(t.Results) != 0 {
			return fmt.Errorf("%w: exported function %q must have type () -> ()", ErrInvalidWasm, e.Name)
		}
		if systemExports[e.Name] {
			info.system[e.Name] = true
			continue
		}
		kind, name := splitMethod(e.Name)
		if kind == 0 {
			return fmt.Errorf("%w: export %q is not a canister entry point", ErrInvalidWasm, e.Name)
		}
		if _, dup := info.methods[name]; dup {
			return fmt.Errorf("%w: method %q is exported more than once", ErrInvalidWasm, name)
		}
		info.methods[name] = kind
		nameBytes += len(name)
	}
	if len(info.methods) > maxMethods || nameBytes > maxMethodNameBytes {
		return fmt.Errorf("%w: too many exported methods (%d, %d bytes of names)", ErrInvalidWasm, len(info.methods), nameBytes)
	}
	return nil
}

var methodPrefixes = []struct {
	prefix string
	kind   methodKind
}{
	{"canister_update ", methodUpdate},
	{"canister_query ", methodQuery},
	{"canister_composite_query ", methodCompositeQuery},
}

func splitMethod(export string) (methodKind, string) {
	for _, p := range methodPrefixes {
		if name, ok := strings.CutPrefix(export, p.prefix); ok {
			return p.kind, name
		}
	}
	return 0, ""
}

func exportName(kind methodKind, method string) string {
	return methodPrefixes[kind-1].prefix + method
}

func checkMetadata(m *wasmbin.Module, info *moduleInfo) error {
	total := 0
	for _, c := range m.Customs {
		var md Metadata
		name, ok := strings.CutPrefix(c.Name, "icp:public ")
		if ok {
			md.Public = true
		} else if name, ok = strings.CutPrefix(c.Name, "icp:private "); !ok {
			if strings.HasPrefix(c.Name, "icp:") {
				return fmt.Errorf("%w: custom section %q: icp: sections must be icp:public or icp:private", ErrInvalidWasm, c.Name)
			}
			continue
		}
		if _, dup := info.metadata[name]; dup {
			return fmt.Errorf("%w: duplicate metadata section %q", ErrInvalidWasm, name)
		}
		md.Data = bytes.Clone(c.Data)
		info.metadata[name] = md
		total += len(c.Data) + len(name)
	}
	if len(info.metadata) > maxMetadata || total > maxMetadataBytes {
		return fmt.Errorf("%w: %d metadata sections of %d bytes exceed the limits (%d, %d)", ErrInvalidWasm, len(info.metadata), total, maxMetadata, maxMetadataBytes)
	}
	return nil
}
