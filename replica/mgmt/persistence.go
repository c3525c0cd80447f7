package mgmt

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
)

// eopSection is the custom section that marks a module with enhanced
// orthogonal persistence (ENHANCED_ORTHOGONAL_PERSISTENCE_SECTION in ic).
const eopSection = "enhanced-orthogonal-persistence"

// placeholderModule is a wasm module with one empty memory and nothing else. An empty canister that must
// keep its version, or an upgrade that skips canister_pre_upgrade, starts
// from a state restored with this module: it exports nothing, so exec's
// upgrade copies the stable memory unchanged and runs no old code.
var placeholderModule = []byte("\x00asm\x01\x00\x00\x00\x05\x03\x01\x00\x00")

var errUnknownMode = errors.New("unknown canister_install_mode")

// checkPersistence applies determine_main_memory_handling of ic
// (execution/upgrade.rs): a module with enhanced orthogonal persistence
// must be upgraded with wasm_memory_persistence, and keep needs a new
// module that has it.
func checkPersistence(c *canister, m installMode, wasm []byte) *Reject {
	_, oldEOP := c.exec.Metadata(eopSection)
	switch {
	case !m.persistence && oldEOP:
		return reject(CanisterContractViolation, "Missing upgrade option: Enhanced orthogonal persistence requires the `wasm_memory_persistence` upgrade option.")
	case m.keepMemory && !hasCustomSection(wasm, eopSection):
		return reject(CanisterContractViolation, "Invalid upgrade option: The `wasm_memory_persistence: opt Keep` upgrade option requires that the new canister module supports enhanced orthogonal persistence.")
	case m.keepMemory:
		return reject(CanisterContractViolation, "Invalid upgrade option: wasm_memory_persistence = keep is not supported by this replica yet.")
	}
	return nil
}

// hasCustomSection reports whether a raw or gzip module has a custom
// section `icp:public name` or `icp:private name`. Malformed modules
// report false; validation reports them later.
func hasCustomSection(wasm []byte, name string) bool {
	if bytes.HasPrefix(wasm, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(wasm))
		if err != nil {
			return false
		}
		raw, err := io.ReadAll(io.LimitReader(zr, 100<<20))
		if err != nil {
			return false
		}
		wasm = raw
	}
	if len(wasm) < 8 || !bytes.Equal(wasm[:4], placeholderModule[:4]) {
		return false
	}
	for b := wasm[8:]; len(b) > 0; {
		id := b[0]
		size, n := binary.Uvarint(b[1:])
		if n <= 0 || size > uint64(len(b)-1-n) {
			return false
		}
		body := b[1+n : 1+n+int(size)]
		b = b[1+n+int(size):]
		if id != 0 {
			continue
		}
		l, k := binary.Uvarint(body)
		if k <= 0 || l > uint64(len(body)-k) {
			return false
		}
		s := string(body[k : k+int(l)])
		if s == "icp:public "+name || s == "icp:private "+name {
			return true
		}
	}
	return false
}
