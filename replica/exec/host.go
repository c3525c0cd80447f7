package exec

import (
	"context"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

var (
	i32 = api.ValueTypeI32
	i64 = api.ValueTypeI64
)

// hostFunc is one import the engine provides: its signature, the contexts
// it may be called in, and its implementation on the call state.
type hostFunc struct {
	module  string
	name    string
	params  []api.ValueType
	results []api.ValueType
	allowed kinds
	fn      func(c *call, stack []uint64)
}

func ic0(name string, allowed kinds, params, results []api.ValueType, fn func(*call, []uint64)) hostFunc {
	return hostFunc{module: "ic0", name: name, params: params, results: results, allowed: allowed, fn: fn}
}

func types(ts ...api.ValueType) []api.ValueType { return ts }

// callKey finds the running execution's call state in a context.
type callKey struct{}

func withCall(ctx context.Context, c *call) context.Context {
	return context.WithValue(ctx, callKey{}, c)
}

// goFunc adapts a hostFunc to wazero: it finds the call, checks the
// context, counts the call and runs the implementation.
func (h hostFunc) goFunc() api.GoModuleFunc {
	return func(ctx context.Context, _ api.Module, stack []uint64) {
		c, _ := ctx.Value(callKey{}).(*call)
		if c == nil {
			panic(errTrapSignalled) // instantiation runs no code; never reached
		}
		if !h.allowed.has(c.kind) {
			c.violation("%q cannot be executed in %s mode", h.module+"."+h.name, c.kind)
		}
		c.charge(costSystemCall)
		h.fn(c, stack)
	}
}

// hostFuncs is every import the engine provides, by module and name.
var hostFuncs = func() map[string]map[string]hostFunc {
	m := map[string]map[string]hostFunc{}
	for _, group := range [][]hostFunc{msgFuncs, miscFuncs, stableFuncs, certFuncs, cyclesFuncs, callFuncs, costFuncs, envFuncs, wasiFuncs} {
		for _, h := range group {
			if m[h.module] == nil {
				m[h.module] = map[string]hostFunc{}
			}
			m[h.module][h.name] = h
		}
	}
	return m
}()

// instantiateHost registers the host modules in a runtime.
func instantiateHost(ctx context.Context, rt wazero.Runtime) error {
	for module, funcs := range hostFuncs {
		b := rt.NewHostModuleBuilder(module)
		for name, h := range funcs {
			b.NewFunctionBuilder().WithGoModuleFunction(h.goFunc(), h.params, h.results).Export(name)
		}
		if _, err := b.Instantiate(ctx); err != nil {
			return err
		}
	}
	return nil
}
