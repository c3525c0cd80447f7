package exec

import "bytes"

// state is a canister's committed state. The memories live in regions
// (memory files); everything else is small and held here. Its fields
// change only under Canister.mu held for writing; readers hold it for
// reading, or are the canister's owner (see doc.go).
type state struct {
	mod *module

	heap        *region
	heapLen     uint64 // bytes, a multiple of 64 KiB
	stable      *region
	stablePages uint64

	globals       []uint64 // mutable globals, in the order of moduleInfo
	certifiedData []byte
	timer         uint64
	version       uint64

	// gen counts commits, so instances know when their private pages may
	// be stale.
	gen uint64
}

// newState makes empty regions for a module's state.
func newState(mod *module, maxStable int64) (*state, error) {
	heap, err := newRegion("heap", maxWasmMemory)
	if err != nil {
		return nil, err
	}
	stable, err := newRegion("stable", int(maxStable))
	if err != nil {
		heap.close()
		return nil, err
	}
	return &state{mod: mod, heap: heap, stable: stable, certifiedData: []byte{}}, nil
}

func (s *state) close() {
	if s != nil {
		s.heap.close()
		s.stable.close()
	}
}

// apply records what a successful execution changed, after its memories
// were committed.
func (s *state) apply(c *call, heapLen uint64, globals []uint64) {
	s.heapLen = heapLen
	s.stablePages = c.stablePages
	s.globals = globals
	s.certifiedData = bytes.Clone(c.certifiedData)
	s.timer = c.timer
	s.version = c.version
	s.gen++
}
