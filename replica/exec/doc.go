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
//   - The metering budget (below) is a global too, but not state: it is
//     set before every execution and never committed, hashed or
//     snapshotted.
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
// # Instruction metering
//
// Every execution is bounded by a deterministic instruction count, as on
// the IC (interface spec, "Resource limits"). The module is rewritten at
// install (internal/wasmbin, meter.go) with one extra i64 global, the
// remaining budget, and a charge at the start of every region of
// straight-line code (a function's entry, a loop body, an if arm, the code
// after an end): the number of its instructions, counted statically, block
// structure not counted. Bulk memory and table operations pay one more per
// byte or element; System API calls pay 100 and one per byte they copy.
// Function entries, loop bodies, bulk operations and System API calls
// check the budget, and so does the engine when an execution returns: one
// that ran out ends with IC0522, rolled back like any trap. The budget is set
// to the kind's limit before the execution (Config.UpdateInstructions,
// QueryInstructions, InstallInstructions for the whole of install_code,
// InspectInstructions) and Result.Instructions is what it lost, at most
// the limit; ic0.performance_counter(0/1) reads the same count mid-way.
// A unit is roughly one wasm instruction, but a region is charged in full
// on entry even if a branch leaves it early, so counts are an upper bound
// of what ran and differ from the IC's own counts. Metering costs some
// 10-20% of execution time (a Go wasip1 canister, a Motoko query).
//
// Nothing else interrupts an execution: wazero can stop compiled code only
// with close-on-context-done, which makes it 4-6 times slower and is not
// deterministic, so it is off, and a cancelled context does not stop a
// running canister. Unbounded recursion ends in wazero's stack overflow
// trap (IC0502). At the default limits an execution runs for tens of
// seconds at most (about 1-2·10⁹ units per second).
//
// # Not yet
//
//   - Deterministic time slicing: a long execution holds its canister
//     until it ends; the limits are not split into slices.
//   - Instructions are not converted into cycles, and memory.grow, call
//     and call_indirect cost no more than other instructions.
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
