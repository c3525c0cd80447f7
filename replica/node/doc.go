// Package node runs one replica node of a subnet: the pipeline of
// DESIGN.md, "One update call, inside a subnet".
//
//	HTTP API (replica/httpapi) -> Submit -> ingress pool
//	loop goroutine:
//	    Tick -> consensus core (subnet/consensus) -> Ready{Send, Finalized}
//	    Finalized batch -> batch log (fsync) -> deterministic execution
//	        (management canister, canisters on replica/exec)
//	    -> state tree -> signature share on "\x0Dic-state-root" || root
//	    -> share collector (certify/threshold) -> certified state
//	    -> Await waiters woken; queries and read_state use it
//
// One goroutine, the loop, owns the consensus core and the replicated
// state; other goroutines (HTTP handlers) enqueue ingress under a lock and
// read the latest certified state through an atomic pointer. A subnet of
// one node is the degenerate case of the same pipeline: its shares reach
// the threshold (1 of 1) at once.
//
// State survives a crash: every finalized batch is appended to a log and
// synced before it executes, and a checkpoint of all canisters is written
// every few seconds. On start the node loads the last checkpoint and
// replays the batches logged after it; execution is deterministic, so the
// state, its root hash and its certificate come out the same.
package node
