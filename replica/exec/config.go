package exec

import (
	"log/slog"
	"time"
)

// Config configures an Engine. The zero value is usable: every zero field
// takes the default documented beside it.
type Config struct {
	// MaxWasmSize bounds a module after gzip decompression
	// (default 100 MiB).
	MaxWasmSize int
	// MaxStableMemory is the stable memory reserved per canister, in bytes,
	// rounded down to 64 KiB pages (default 8 GiB). It costs address space
	// only.
	MaxStableMemory int64
	// UpdateTimeout bounds the wall-clock time of one update, install or
	// system task (default 10 s). It guards the node against a canister
	// that never stops until instruction metering replaces it; it is not
	// deterministic.
	UpdateTimeout time.Duration
	// QueryTimeout bounds one query (default 5 s).
	QueryTimeout time.Duration
	// IdleInstances is how many instantiated copies of each canister are
	// kept for reuse (default 4); more run when queries overlap.
	IdleInstances int
	// CacheDir, if set, keeps compiled modules on disk across restarts.
	CacheDir string
	// Logger receives engine events (default: discard).
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.MaxWasmSize <= 0 {
		c.MaxWasmSize = 100 << 20
	}
	if c.MaxStableMemory <= 0 {
		c.MaxStableMemory = 8 << 30
	}
	c.MaxStableMemory &^= stablePageSize - 1
	if c.UpdateTimeout <= 0 {
		c.UpdateTimeout = 10 * time.Second
	}
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = 5 * time.Second
	}
	if c.IdleInstances <= 0 {
		c.IdleInstances = 4
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

const (
	wasmPageSize   = 64 << 10
	stablePageSize = 64 << 10
	// maxWasmMemory is the 4 GiB of a wasm32 memory.
	maxWasmMemory = 1 << 32
)
