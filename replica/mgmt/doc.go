// Package mgmt is the canister table of one subnet and the management
// canister aaaaa-aa that acts on it (PROTOCOL.md §7; interface spec
// management-canister.md).
//
// A Table holds, for each canister of the subnet, its execution state (an
// *exec.Canister), its controllers in the order they were given, its
// running status, cycle balance, settings (the canister_settings of
// ic.did), creation and last-install times, version, wasm chunk store and
// change history. Canister ids are allocated in order from the subnet's
// canister ranges; a deleted id is never given out again.
//
// # Use
//
//	tbl, _ := mgmt.NewTable(engine, []mgmt.Range{{Low: lo, High: hi}}, mgmt.Config{SubnetID: sid})
//	reply, rej := tbl.Call(ctx, mgmt.Request{Caller: user, Method: "provisional_create_canister_with_cycles", Arg: arg, Time: t})
//	if rej := tbl.CheckIngress(id, "inc"); rej != nil { … }   // before the ingress pool
//	info, ok := tbl.Get(id)                                    // info.Canister runs the message
//	err := tbl.Checkpoint(w)                                   // and mgmt.Restore(ctx, engine, r)
//
// Every reply and argument is Candid of the exact types of ic.did (interface
// spec 0.66.0), which is embedded and parsed once; no argument or result
// type is written by hand. Every rejection carries the reject code, IC error
// code and message text of the DFINITY replica (errors.go names the source
// of each).
//
// # Determinism and ownership
//
// Nothing here reads a clock or a random source: time, the caller, attached
// cycles and the randomness of raw_rand are inputs (Request). The same
// calls in the same order give the same table, the same Hash and the same
// checkpoint bytes on every replica.
//
// One goroutine, the node's loop, owns a Table: it alone calls Call,
// Checkpoint, SetCycles and the exec canisters' owner methods (Install,
// Update, SystemTask). Get, Each, CheckIngress and Hash read the table and
// must be called by the same goroutine, or be serialised with it by the
// caller. Queries on the *exec.Canister values returned by Get may run
// concurrently, as package exec allows.
//
// # Stopping
//
// stop_canister moves a canister to stopped at once: the execution engine
// runs no callbacks yet (see package exec, "Not yet"), so a canister never
// has an open call context when the management canister looks at it, and
// the stopping state of the specification is never observed for longer than
// the call itself. CheckIngress still answers for a stopping canister as
// the replica does, for when call contexts arrive.
//
// # Not yet
//
//   - wasm_memory_persistence = opt keep: the engine cannot keep wasm memory
//     across an upgrade; such an upgrade of a module with enhanced orthogonal
//     persistence is refused (Motoko's enhanced orthogonal persistence needs
//     memory64, which the engine does not run either).
//   - Cycles are not charged for execution, storage or creation fees; the
//     freezing threshold is stored and reported but never freezes.
//   - Canister snapshots, canister logs, threshold signatures, HTTPS
//     outcalls, bitcoin and subnet_info answer "has no method".
package mgmt
