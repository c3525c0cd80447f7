package exec

import (
	"fmt"

	"github.com/tetratelabs/wazero/api"
)

// call is the System API state of one execution: the inputs the canister
// can read and the effects it produced. It lives for one message and is
// owned by the goroutine running it.
type call struct {
	kind   kind
	msg    *Message
	set    *Settings
	self   []byte
	method string
	mem    api.Memory // nil if the module has no memory
	stable *view

	reply     []byte
	responded bool
	rejected  bool
	rejectMsg string
	accepted  bool
	logs      []Log
	trap      *Reject

	certifiedData []byte
	timer         uint64
	version       uint64
	stablePages   uint64
	maxStable     uint64 // pages
	balance       Cycles
	pending       *Call
	calls         []Call
	budget        api.MutableGlobal // the module's metering global (wasmbin)
	limit         uint64            // the budget this execution started with
	randBlock     uint64
	randBuf       []byte
}

// Deterministic costs of the System API, in the units of the metered
// module (one per wasm instruction; see doc.go): a fixed cost per call and
// one per byte copied between wasm memory and the system.
const (
	costSystemCall = 100
	costPerByte    = 1
)

// charge deducts n units from the budget, trapping with IC0522 when that
// exceeds what is left.
func (c *call) charge(n uint64) {
	left := int64(c.budget.Get())
	if left < 0 || n > uint64(left) {
		c.budget.Set(^uint64(0)) // -1: exhausted
		c.trapf(CanisterInstructionLimitExceeded, limitExceededMessage)
	}
	c.budget.Set(uint64(left - int64(n)))
}

// used returns the units spent so far: what the budget lost, at most the
// limit (an execution that ran out reports exactly its limit).
func (c *call) used() uint64 {
	left := int64(c.budget.Get())
	if left < 0 {
		return c.limit
	}
	return c.limit - min(uint64(left), c.limit)
}

// limitExceeded is the trap of an execution that ran out of instructions
// (interface spec, "Resource limits").
func limitExceeded() *Reject {
	return rejectf(CanisterInstructionLimitExceeded, limitExceededMessage)
}

const limitExceededMessage = "Canister exceeded the instruction limit for single message execution."

// trapf records a trap and unwinds the wasm stack; the execution then ends
// with the recorded reject.
func (c *call) trapf(code ErrorCode, format string, args ...any) {
	if c.trap == nil {
		c.trap = rejectf(code, format, args...)
	}
	panic(errTrapSignalled)
}

// violation traps for a misuse of the System API (IC0504).
func (c *call) violation(format string, args ...any) {
	c.trapf(CanisterContractViolation, format, args...)
}

// read returns size bytes of wasm memory at ptr, trapping when they are
// out of bounds. The slice aliases memory: use it before memory can grow.
func (c *call) read(name string, ptr, size uint64) []byte {
	if size == 0 {
		return nil
	}
	if c.mem == nil || ptr+size > uint64(c.mem.Size()) || ptr > maxWasmMemory || size > maxWasmMemory {
		c.violation("ic0.%s: memory range [%d, %d+%d) is out of bounds", name, ptr, ptr, size)
	}
	c.charge(size * costPerByte)
	b, ok := c.mem.Read(uint32(ptr), uint32(size))
	if !ok {
		c.violation("ic0.%s: memory range [%d, %d+%d) is out of bounds", name, ptr, ptr, size)
	}
	return b
}

// write copies b into wasm memory at dst, trapping when out of bounds.
func (c *call) write(name string, dst uint64, b []byte) {
	copy(c.read(name, dst, uint64(len(b))), b)
}

// copyOut is the blob idiom's *_copy(dst, offset, size) on src.
func (c *call) copyOut(name string, src []byte, dst, off, size uint64) {
	if off+size > uint64(len(src)) || off > uint64(len(src)) {
		c.violation("ic0.%s: offset %d + size %d exceeds the %d bytes available", name, off, size, len(src))
	}
	c.write(name, dst, src[off:off+size])
}

// text reads a UTF-8 text argument; invalid UTF-8 is kept as bytes by the
// caller when it matters.
func (c *call) text(name string, ptr, size uint64) string {
	return string(c.read(name, ptr, size))
}

func (c *call) String() string { return fmt.Sprintf("%s %q", c.kind, c.method) }
