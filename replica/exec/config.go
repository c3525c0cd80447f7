package exec

import (
	"log/slog"
	"math"
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
	// Instruction limits of one execution (interface spec, "Resource
	// limits"), in the units of the metered module (one per wasm
	// instruction, one per byte of a bulk memory operation or of data a
	// System API call copies, 100 per System API call; see doc.go). An
	// execution that exceeds its limit traps with IC0522.
	//
	// UpdateInstructions bounds an update, a query run as an update and a
	// system task (heartbeat, global timer) (default 40e9).
	UpdateInstructions uint64
	// QueryInstructions bounds a query or composite query (default 5e9).
	QueryInstructions uint64
	// InstallInstructions bounds install_code as a whole: the start
	// function, _initialize and canister_init, or canister_pre_upgrade,
	// start, _initialize and canister_post_upgrade (default 300e9).
	InstallInstructions uint64
	// InspectInstructions bounds canister_inspect_message (default 200e6).
	InspectInstructions uint64
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
	c.UpdateInstructions = limitOr(c.UpdateInstructions, 40_000_000_000)
	c.QueryInstructions = limitOr(c.QueryInstructions, 5_000_000_000)
	c.InstallInstructions = limitOr(c.InstallInstructions, 300_000_000_000)
	c.InspectInstructions = limitOr(c.InspectInstructions, 200_000_000)
	if c.IdleInstances <= 0 {
		c.IdleInstances = 4
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// limitOr returns v, or def if v is zero, at most what the budget global
// (an i64) holds.
func limitOr(v, def uint64) uint64 {
	if v == 0 {
		v = def
	}
	return min(v, math.MaxInt64)
}

// limit is the instruction limit of an execution of kind k.
func (c *Config) limit(k kind) uint64 {
	switch k {
	case kStart, kInit, kPreUpgrade:
		return c.InstallInstructions
	case kQuery, kCompositeQuery:
		return c.QueryInstructions
	case kInspect:
		return c.InspectInstructions
	}
	return c.UpdateInstructions
}

const (
	wasmPageSize   = 64 << 10
	stablePageSize = 64 << 10
	// maxWasmMemory is the 4 GiB of a wasm32 memory.
	maxWasmMemory = 1 << 32
)
