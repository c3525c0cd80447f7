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
	counter       uint64
	randBlock     uint64
	randBuf       []byte
}

// Deterministic costs of the performance counter until the module is
// metered by rewriting (see doc.go).
const (
	costSystemCall = 100
	costPerByte    = 1
)

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
	c.counter += size * costPerByte
	if size == 0 {
		return nil
	}
	if c.mem == nil || ptr+size > uint64(c.mem.Size()) || ptr > maxWasmMemory || size > maxWasmMemory {
		c.violation("ic0.%s: memory range [%d, %d+%d) is out of bounds", name, ptr, ptr, size)
	}
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
