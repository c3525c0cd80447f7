// Package exec is the deterministic execution core of a replica: it runs
// one canister's messages on wazero with the System API (PROTOCOL.md §6),
// and nothing else. Time, caller, cycle balance, randomness and the data
// certificate are inputs (Message, Settings); the package reads no clock
// and no random source, and returns what happened (Result): the reply or
// reject, the canister's log lines, the new certified data and timer, the
// outgoing calls. The scheduler, written elsewhere, decides what runs when
// and routes the calls.
//
// # Use
//
//	eng, _ := exec.NewEngine(ctx, exec.Config{})
//	cn := eng.NewCanister(id, settings)
//	res, err := cn.Install(ctx, exec.Install, wasm, exec.Message{Arg: arg, Caller: controller, Time: t})
//	res, err = cn.Update(ctx, exec.Message{Method: "inc", Arg: arg, Caller: user, Time: t})
//	res, err = cn.Query(ctx, exec.Message{Method: "get", Arg: arg, Time: t, DataCertificate: cert})
//
// An error return means the node failed (a memory mapping, a memory
// file); everything the canister did, traps included, is in the Result.
// Reject messages omit the "Error from Canister <id>: " prefix that the
// HTTP layer adds.
//
// # Ownership
//
// One goroutine, the canister's owner (the scheduler), calls Install,
// Update, SystemTask, SetSettings and Close, one at a time. Query,
// InspectMessage, Snapshot, StateHash and the getters may be called by any
// goroutines at any time, also while the owner runs a message: they see
// the committed state before or after that message, never in between.
// An Engine is shared by all canisters and safe for concurrent use.
//
// # State and transactions
//
// A canister's state is its wasm memory, its stable memory, its mutable
// globals (PROTOCOL.md §6.1a: Motoko keeps heap pointers there), its
// certified data, global timer and version. Each memory is committed in a
// region: a memfd sized to the whole reservation (4 GiB for wasm memory,
// Config.MaxStableMemory for stable memory), sparse, so it costs only the
// pages written. Each instance of the module maps each region privately
// (MAP_PRIVATE|MAP_NORESERVE) and backs its wasm memory with that mapping
// through wazero's experimental MemoryAllocator; stable memory is the
// other mapping. Writes copy pages on write, so the committed bytes never
// change under an execution.
//
//   - After a query, a trap or any discarded execution, the pages the
//     instance copied (found in /proc/self/pagemap: a private copy is
//     anonymous, a page only read is the file's) get the committed bytes
//     back by pread; past 128 pages they are dropped with
//     madvise(MADV_DONTNEED) instead, which costs a TLB shootdown.
//   - After a successful update, the copied pages are written into the
//     memfd (pwrite) under the canister's lock; other instances see them
//     at once in pages they have not copied, and drop their own copies
//     when they next run (the state's commit generation changed).
//   - Globals are read and written through exports added at install: the
//     module is rewritten once (internal/wasmbin) to export every mutable
//     global and to turn its start function into an export, so that
//     instantiating it runs no code and the start function runs exactly
//     once, at install.
//   - A memory that grew during a discarded execution cannot shrink in
//     wazero, so that instance is closed and another made.
//
// Installing builds a new state (new regions) and swaps it in only on
// success, so install, reinstall and upgrade are atomic. Snapshot and
// Engine.Restore move the committed state as bytes; StateHash hashes it.
//
// Queries run concurrently on separate instances (a small idle pool per
// canister, Config.IdleInstances), each with its own private mappings of
// the same regions; they hold the canister's lock for reading, and an
// update's commit holds it for writing while it copies its pages.
//
// # Not yet
//
//   - Instruction metering: an execution is bounded by wall-clock time
//     (Config.UpdateTimeout / QueryTimeout, through wazero's
//     close-on-context-done), which is not deterministic. Metering by
//     rewriting the module is a later step; ic0.performance_counter counts
//     System API calls and bytes copied (100 per call, 1 per byte), which
//     is deterministic but not the IC's instruction count.
//   - Callbacks: outgoing calls are recorded in Result.Calls, but reply,
//     reject and cleanup callbacks are not executed; the callback-only
//     imports (msg_reject_code, msg_reject_msg_*, msg_cycles_refunded*)
//     trap as outside their context.
//   - Floating-point NaN canonicalization, memory64, cycles accounting
//     beyond the balance input, freezing thresholds, canister snapshots
//     of the management canister, wasm tables as state (tables are
//     re-initialized from element segments; Motoko never changes them).
//   - Compiled modules are never evicted from an Engine.
package exec
