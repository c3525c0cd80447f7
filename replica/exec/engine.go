package exec

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
)

// Engine compiles and runs canister modules. It owns one wazero runtime
// with the System API host modules, and a compiled module per module
// hash, shared by every canister that runs that module. It is safe for
// concurrent use.
type Engine struct {
	cfg   Config
	rt    wazero.Runtime
	cache wazero.CompilationCache

	mu      sync.Mutex
	modules map[[32]byte]*module
	closed  bool
}

// module is a validated, rewritten and compiled canister module.
type module struct {
	hash     [32]byte // SHA-256 of the (decompressed) module as installed
	wasm     []byte
	info     *moduleInfo
	compiled wazero.CompiledModule
}

// NewEngine starts an engine.
func NewEngine(ctx context.Context, cfg Config) (*Engine, error) {
	cfg = cfg.withDefaults()
	var cache wazero.CompilationCache
	if cfg.CacheDir != "" {
		c, err := wazero.NewCompilationCacheWithDir(cfg.CacheDir)
		if err != nil {
			return nil, fmt.Errorf("exec: compilation cache: %w", err)
		}
		cache = c
	} else {
		cache = wazero.NewCompilationCache()
	}
	rc := wazero.NewRuntimeConfig().
		WithCompilationCache(cache).
		// Metering bounds every execution (doc.go); close-on-context-done
		// would make compiled code several times slower.
		WithCloseOnContextDone(false)
	rt := wazero.NewRuntimeWithConfig(ctx, rc)
	if err := instantiateHost(ctx, rt); err != nil {
		rt.Close(ctx)
		return nil, fmt.Errorf("exec: host modules: %w", err)
	}
	return &Engine{cfg: cfg, rt: rt, cache: cache, modules: map[[32]byte]*module{}}, nil
}

// Close releases the runtime and every compiled module. Canisters of the
// engine must not be used afterwards.
func (e *Engine) Close(ctx context.Context) error {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	return errors.Join(e.rt.Close(ctx), e.cache.Close(ctx))
}

// ValidateModule checks a raw or gzip module without compiling it: the
// checks Install applies before anything runs.
func (e *Engine) ValidateModule(wasm []byte) error {
	raw, err := decodeModule(wasm, e.cfg.MaxWasmSize)
	if err != nil {
		return err
	}
	_, err = validateModule(raw)
	return err
}

// load returns the compiled module for wasm, compiling it only the first
// time its hash is seen.
func (e *Engine) load(ctx context.Context, wasm []byte) (*module, error) {
	raw, err := decodeModule(wasm, e.cfg.MaxWasmSize)
	if err != nil {
		return nil, err
	}
	hash := sha256.Sum256(raw)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, ErrEngineClosed
	}
	if m, ok := e.modules[hash]; ok {
		return m, nil
	}
	info, err := validateModule(raw)
	if err != nil {
		return nil, err
	}
	compiled, err := compile(ctx, e.rt, info.instrumented.Wasm)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidWasm, err)
	}
	m := &module{hash: hash, wasm: raw, info: info, compiled: compiled}
	e.modules[hash] = m
	e.cfg.Logger.Debug("compiled canister module", "hash", fmt.Sprintf("%x", hash[:8]), "bytes", len(raw))
	return m, nil
}

// compile compiles a module that passed validateModule. wazero panics on
// some malformed code sections (for example a huge count of locals,
// which validateModule refuses first); a panic is turned into an error so
// that no module can take the node down.
func compile(ctx context.Context, rt wazero.Runtime, wasm []byte) (m wazero.CompiledModule, err error) {
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("the compiler failed: %v", p)
		}
	}()
	return rt.CompileModule(ctx, wasm)
}

// compiledModules reports how many distinct modules are compiled.
func (e *Engine) compiledModules() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.modules)
}
