package mgmt

import (
	"fmt"
	"strings"

	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
)

// Reject is a rejection of a management call or of an ingress message: a
// reject code, an IC error code and the replica's message text. It is the
// type package exec uses, so the node handles one kind of rejection.
type Reject = exec.Reject

// Error codes of the management canister and of ingress routing that
// package exec does not define (PROTOCOL.md §1.5; ic rs/types/error_types).
// Their first digit is the reject code.
const (
	CanisterIDAlreadyExists     exec.ErrorCode = 205
	CanisterNotFound            exec.ErrorCode = 301
	CanisterNotHostedBySubnet   exec.ErrorCode = 405
	InvalidManagementPayload    exec.ErrorCode = 408
	CanisterStopped             exec.ErrorCode = 508
	CanisterStopping            exec.ErrorCode = 509
	CanisterNotStopped          exec.ErrorCode = 510
	CanisterInvalidController   exec.ErrorCode = 512
	CanisterAlreadyInstalled    exec.ErrorCode = 538
	SubnetOversubscribed        exec.ErrorCode = 101
	InsufficientCyclesForCreate exec.ErrorCode = 403
	CanisterRejectedMessage                    = exec.CanisterRejectedMessage
	CanisterContractViolation                  = exec.CanisterContractViolation
	CanisterMethodNotFound                     = exec.CanisterMethodNotFound
	CanisterWasmModuleNotFound                 = exec.CanisterWasmModuleNotFound
	CanisterInvalidWasm                        = exec.CanisterInvalidWasm
	CanisterNonEmpty                           = exec.CanisterNonEmpty
)

// reject builds a Reject whose reject code follows from its error code.
func reject(code exec.ErrorCode, format string, a ...any) *Reject {
	return &Reject{Code: code.RejectCode(), ErrorCode: code, Message: fmt.Sprintf(format, a...)}
}

// help is the suffix the replica appends to a CanisterManagerError
// (ic rs/execution_environment/src/canister_manager/types.rs, AsErrorHelp;
// rs/types/wasm_types doc_ref and ErrorHelp's Display).
func help(suggestion, section string) string {
	return "\n" + suggestion + " See documentation: http://internetcomputer.org/docs/current/references/execution-errors#" + section
}

// errNotFound is CanisterManagerError::CanisterNotFound.
func errNotFound(id principal.Principal) *Reject {
	return reject(CanisterNotFound, "Canister %s not found.%s", id,
		help("Check the ICP dashboard to ensure the canister exists.", "canister-not-found"))
}

// errInvalidController is CanisterManagerError::CanisterInvalidController:
// the expected controllers are listed sorted (a BTreeSet in the replica).
func errInvalidController(id principal.Principal, controllers []principal.Principal, sender principal.Principal) *Reject {
	sorted := sortedPrincipals(controllers)
	texts := make([]string, len(sorted))
	for i, c := range sorted {
		texts[i] = c.String()
	}
	return reject(CanisterInvalidController,
		"Only the controllers of the canister %s can control it.\nCanister's controllers: %s\nSender's ID: %s%s",
		id, strings.Join(texts, " "), sender,
		help("Execute this call from a controller of the target canister or add the current caller as a controller.", "invalid-controller"))
}

// errPayload is candid_error_to_user_error of ic00 types: a malformed
// argument.
func errPayload(err error) *Reject {
	return reject(InvalidManagementPayload, "Error decoding candid: %v", err)
}

// errOnlyCanisters is the ingress filter's answer for the methods a user
// may not call (should_accept_ingress_message in canister_manager.rs).
func errOnlyCanisters(method string) *Reject {
	return reject(CanisterRejectedMessage, "Only canisters can call ic00 method %s", method)
}

// errNoMethod answers an unknown method (execution_environment.rs,
// ParseError::VariantNotFound).
func errNoMethod(method string) *Reject {
	return reject(CanisterMethodNotFound, "Management canister has no method '%s'", method)
}

// errSettings is CanisterManagerError::InvalidSettings.
func errSettings(format string, a ...any) *Reject {
	return reject(CanisterContractViolation, "Could not validate the settings: %s %s",
		fmt.Sprintf(format, a...), help("Apply the described changes to make the settings valid.", "invalid-settings"))
}

// errChunkStore is CanisterManagerError::WasmChunkStoreError.
func errChunkStore(format string, a ...any) *Reject {
	return reject(CanisterContractViolation, "Error from Wasm chunk store: %s.%s", fmt.Sprintf(format, a...),
		help("Use the `stored_chunks` API to check which hashes are present or top up the canister if it is low on cycles.", "wasm-chunk-store-error"))
}

// rustBytes formats bytes as Rust's Debug does for a Vec<u8>.
func rustBytes(b []byte) string {
	s := make([]string, len(b))
	for i, x := range b {
		s[i] = fmt.Sprint(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}
