package exec

import "math/bits"

// Cycles is an unsigned 128-bit amount of cycles.
type Cycles struct{ Hi, Lo uint64 }

// Add returns c+d and false on overflow.
func (c Cycles) Add(d Cycles) (Cycles, bool) {
	lo, carry := bits.Add64(c.Lo, d.Lo, 0)
	hi, over := bits.Add64(c.Hi, d.Hi, carry)
	return Cycles{hi, lo}, over == 0
}

// Sub returns c-d and false if d > c.
func (c Cycles) Sub(d Cycles) (Cycles, bool) {
	lo, borrow := bits.Sub64(c.Lo, d.Lo, 0)
	hi, under := bits.Sub64(c.Hi, d.Hi, borrow)
	return Cycles{hi, lo}, under == 0
}

// Less reports c < d.
func (c Cycles) Less(d Cycles) bool { return c.Hi < d.Hi || c.Hi == d.Hi && c.Lo < d.Lo }

func (c Cycles) bytes() []byte {
	b := make([]byte, 16)
	for i := range 8 {
		b[i] = byte(c.Lo >> (8 * i))
		b[8+i] = byte(c.Hi >> (8 * i))
	}
	return b
}

// Status is a canister's running status as ic0.canister_status reports it.
type Status int32

// Canister statuses.
const (
	Running  Status = 1
	Stopping Status = 2
	Stopped  Status = 3
)

// EnvVar is one environment variable of a canister's settings.
type EnvVar struct{ Name, Value string }

// Settings are the inputs about a canister that change rarely, owned by
// the scheduler and the management canister.
type Settings struct {
	// SubnetID is the principal of the hosting subnet.
	SubnetID []byte
	// RootKey is the DER-encoded root public key (ic0.root_key_*).
	RootKey []byte
	// Controllers are principals (bytes) for ic0.is_controller.
	Controllers [][]byte
	// EnvVars, sorted by name, answer ic0.env_var_*.
	EnvVars []EnvVar
	// Status answers ic0.canister_status.
	Status Status
}

// Message is the input of one execution. Everything a canister may observe
// comes from here or from Settings, so execution is deterministic.
type Message struct {
	// Method is the exported method name (without the `canister_update `
	// prefix). Ignored by Install.
	Method string
	// Arg is the argument (Candid bytes for most canisters).
	Arg []byte
	// Caller is the caller's principal (bytes).
	Caller []byte
	// Time is the block time in nanoseconds since the Unix epoch.
	Time uint64
	// Balance is the canister's cycle balance before the message.
	Balance Cycles
	// DataCertificate is the certificate for certified data, for
	// non-replicated queries only (ic0.data_certificate_*).
	DataCertificate []byte
	// Seed determines wasi random_get output (from the random beacon).
	Seed [32]byte
}

// Call is an outgoing inter-canister call recorded by ic0.call_perform.
// The scheduler routes it; Reply/Reject/Cleanup name table entries (and
// their environments) to invoke when the answer arrives.
type Call struct {
	Callee, Method         []byte
	Arg                    []byte
	Cycles                 Cycles
	ReplyFun, ReplyEnv     uint32
	RejectFun, RejectEnv   uint32
	CleanupFun, CleanupEnv uint32
	HasCleanup             bool
	TimeoutSeconds         uint32
	BestEffort             bool
}

// Log is one line written by ic0.debug_print or a wasi fd_write.
type Log struct {
	Time    uint64
	Message []byte
}
