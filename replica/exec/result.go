package exec

// Outcome says how a message ended.
type Outcome int

// Outcomes.
const (
	// Replied: Reply holds the reply bytes.
	Replied Outcome = iota + 1
	// Rejected: Reject says why (canister reject, trap, missing method…).
	Rejected
	// Pending: the message made outgoing calls and has not answered yet;
	// the call context stays open until a callback answers.
	Pending
)

// Result is everything an execution produced. For a query or a failed
// message the state changes are already discarded; for a successful update
// or install they are already committed.
type Result struct {
	Outcome Outcome
	Reply   []byte
	Reject  *Reject

	// Logs are the canister's debug_print lines, kept even when the
	// message trapped.
	Logs []Log
	// StateChanged reports that the committed state changed.
	StateChanged bool
	// CertifiedData is the canister's certified data after the message.
	CertifiedData []byte
	// GlobalTimer is the timer after the message (0 = inactive).
	GlobalTimer uint64
	// Calls are the outgoing calls, in the order performed (empty unless
	// committed).
	Calls []Call
	// Balance is the cycle balance after the message (burned, attached to
	// calls).
	Balance Cycles
	// Accepted reports that canister_inspect_message called
	// ic0.accept_message (InspectMessage only).
	Accepted bool
	// Instructions is the message's deterministic instruction count (the
	// metering units of doc.go), at most the limit of its kind; for an
	// upgrade, canister_pre_upgrade's and the new module's together.
	Instructions uint64
}
