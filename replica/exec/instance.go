package exec

import (
	"context"
	"fmt"
	"reflect"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// instance is one instantiation of a canister's module, with private
// copy-on-write views of its committed memories. Between executions it
// equals the committed state it was made from (st): pages written by a
// discarded execution are dropped, a committed execution's pages are
// written to the regions. It is used by one goroutine at a time.
type instance struct {
	st         *state
	mod        api.Module
	heap       *view
	stable     *view
	globals    []api.MutableGlobal
	budget     api.MutableGlobal // metering (wasmbin); set per execution, not state
	funcs      map[string]api.Function
	gen        uint64 // st.gen when the views last matched the regions
	stableHigh uint64 // most stable pages any execution reached
	dead       bool   // closed, or otherwise unusable
}

// Private pages an instance keeps between executions. Dropping them costs
// a TLB shootdown (some 10-20 µs on a VM) plus a minor fault per page
// touched again; keeping them costs a copy per page on every later discard
// (restore) or commit. These bounds balance the two.
const (
	maxRestorePages = 128
	maxCommitPages  = 32
)

// linearMemory backs a wasm memory with a view: the address never moves,
// growing only lengthens the slice over the reservation.
type linearMemory struct{ v *view }

func (m linearMemory) Reallocate(size uint64) []byte {
	if size > uint64(len(m.v.mem)) {
		return nil
	}
	return m.v.mem[:size:size]
}

func (m linearMemory) Free() {}

// newInstance instantiates st's module over views of st's regions. With
// fresh set (install) the module's data segments are kept as the initial
// memory; otherwise they are dropped so that the memory shows the
// committed bytes, and the memory and globals are brought to st.
func (e *Engine) newInstance(ctx context.Context, st *state, fresh bool) (*instance, error) {
	heap, err := newView(st.heap)
	if err != nil {
		return nil, err
	}
	stable, err := newView(st.stable)
	if err != nil {
		heap.unmap()
		return nil, err
	}
	inst := &instance{st: st, heap: heap, stable: stable, gen: st.gen, funcs: map[string]api.Function{}}
	alloc := experimental.MemoryAllocatorFunc(func(_, _ uint64) experimental.LinearMemory { return linearMemory{heap} })
	ictx := experimental.WithMemoryAllocator(ctx, alloc)
	inst.mod, err = e.rt.InstantiateModule(ictx, st.mod.compiled, wazero.NewModuleConfig().WithName("").WithStartFunctions())
	if err != nil {
		inst.close()
		return nil, fmt.Errorf("exec: instantiate: %w", err)
	}
	for _, name := range st.mod.info.instrumented.Globals {
		g, ok := inst.mod.ExportedGlobal(name).(api.MutableGlobal)
		if !ok {
			inst.close()
			return nil, fmt.Errorf("exec: instrumented global %s is not mutable", name)
		}
		inst.globals = append(inst.globals, g)
	}
	budget, ok := inst.mod.ExportedGlobal(st.mod.info.instrumented.Budget).(api.MutableGlobal)
	if !ok {
		inst.close()
		return nil, fmt.Errorf("exec: metering global %s is missing", st.mod.info.instrumented.Budget)
	}
	inst.budget = budget
	if !fresh {
		if mem := inst.memory(); mem != nil {
			if err := heap.dropAll(int(mem.Size())); err != nil {
				inst.close()
				return nil, err
			}
		}
		if !inst.sync() {
			inst.close()
			return nil, fmt.Errorf("exec: committed memory is smaller than the module's minimum")
		}
	}
	return inst, nil
}

// sync brings memories and globals to the committed state. It returns
// false if the instance cannot match it (its memory is larger, or
// dropping pages failed).
func (inst *instance) sync() bool {
	st := inst.st
	if inst.gen != st.gen {
		// Another instance committed: private copies may be stale.
		if inst.heap.revert(int(inst.heapLen())) != nil || inst.stable.revert(int(inst.stableHigh*stablePageSize)) != nil {
			return false
		}
		inst.gen = st.gen
	}
	if mem := inst.memory(); mem != nil {
		size := uint64(mem.Size())
		if size > st.heapLen {
			return false
		}
		if size < st.heapLen {
			if _, ok := mem.Grow(uint32((st.heapLen - size) / wasmPageSize)); !ok {
				return false
			}
		}
	}
	for i, g := range inst.globals {
		if i < len(st.globals) {
			g.Set(st.globals[i])
		}
	}
	return true
}

// memory returns the module's memory, or nil for a module without one.
// wazero's Module.Memory returns an interface holding a nil pointer in
// that case, which is not == nil.
func (inst *instance) memory() api.Memory {
	mem := inst.mod.Memory()
	if mem == nil || reflect.ValueOf(mem).IsNil() {
		return nil
	}
	return mem
}

// heapLen is the current size of the wasm memory in bytes.
func (inst *instance) heapLen() uint64 {
	if mem := inst.memory(); mem != nil {
		return uint64(mem.Size())
	}
	return 0
}

func (inst *instance) readGlobals() []uint64 {
	out := make([]uint64, len(inst.globals))
	for i, g := range inst.globals {
		out[i] = g.Get()
	}
	return out
}

// function returns the exported function name, cached.
func (inst *instance) function(name string) api.Function {
	fn, ok := inst.funcs[name]
	if !ok {
		fn = inst.mod.ExportedFunction(name)
		inst.funcs[name] = fn
	}
	return fn
}

// discard undoes what an execution wrote; stablePages is the largest
// stable size it reached. The region did not change meanwhile (the caller
// holds the canister's lock for reading), so copying the committed bytes
// back is enough, unless the execution wrote many pages.
func (inst *instance) discard(stablePages uint64) error {
	inst.stableHigh = max(inst.stableHigh, stablePages)
	n, err := inst.heap.restore(int(inst.heapLen()))
	if err != nil {
		return err
	}
	m, err := inst.stable.restore(int(inst.stableHigh * stablePageSize))
	if err != nil {
		return err
	}
	if n+m > maxRestorePages {
		return inst.revertAll()
	}
	return nil
}

// revertAll drops every private page of the instance.
func (inst *instance) revertAll() error {
	if err := inst.heap.revert(int(inst.heapLen())); err != nil {
		return err
	}
	return inst.stable.revert(int(inst.stableHigh * stablePageSize))
}

// commit writes what an execution wrote into the regions. The caller holds
// the canister's lock for writing and bumps st.gen afterwards.
func (inst *instance) commit(stablePages uint64) error {
	inst.stableHigh = max(inst.stableHigh, stablePages)
	n, err := inst.heap.commit(int(inst.heapLen()))
	if err != nil {
		return err
	}
	m, err := inst.stable.commit(int(inst.stableHigh * stablePageSize))
	if err != nil {
		return err
	}
	if n+m > maxCommitPages {
		// Keep later commits proportional to what they write.
		return inst.revertAll()
	}
	return nil
}

func (inst *instance) close() {
	if inst.mod != nil {
		inst.mod.Close(context.Background())
	}
	inst.heap.unmap()
	inst.stable.unmap()
	inst.dead = true
}
