package exec

import (
	"errors"
	"fmt"
)

// RejectCode is the reject code of the IC interface specification
// (PROTOCOL.md §1.5).
type RejectCode int

// Reject codes.
const (
	SysFatal           RejectCode = 1
	SysTransient       RejectCode = 2
	DestinationInvalid RejectCode = 3
	CanisterReject     RejectCode = 4
	CanisterError      RejectCode = 5
	SysUnknown         RejectCode = 6
)

// ErrorCode is the replica's numeric error code; its text form is
// "IC%04d" and its first digit is the reject code.
type ErrorCode int

// Error codes produced by execution (PROTOCOL.md §1.5).
const (
	CanisterRejectedMessage              ErrorCode = 406
	CanisterTrapped                      ErrorCode = 502
	CanisterCalledTrap                   ErrorCode = 503
	CanisterContractViolation            ErrorCode = 504
	CanisterInvalidWasm                  ErrorCode = 505
	CanisterDidNotReply                  ErrorCode = 506
	CanisterOutOfMemory                  ErrorCode = 507
	CanisterWasmEngineError              ErrorCode = 521
	CanisterInstructionLimitExceeded     ErrorCode = 522
	CanisterNonEmpty                     ErrorCode = 514
	CompositeQueryCalledInReplicatedMode ErrorCode = 527
	CanisterMethodNotFound               ErrorCode = 536
	CanisterWasmModuleNotFound           ErrorCode = 537
)

// String returns the code's text form, e.g. "IC0503".
func (c ErrorCode) String() string { return fmt.Sprintf("IC%04d", int(c)) }

// RejectCode returns the reject code the error code belongs to.
func (c ErrorCode) RejectCode() RejectCode { return RejectCode(int(c) / 100) }

// Reject is the negative outcome of a message: a reject by the canister
// (ic0.msg_reject, code 4) or an error (trap, missing method, …).
type Reject struct {
	Code      RejectCode
	ErrorCode ErrorCode
	Message   string
}

func (r *Reject) Error() string {
	return fmt.Sprintf("exec: %s (reject code %d): %s", r.ErrorCode, r.Code, r.Message)
}

func rejectf(code ErrorCode, format string, args ...any) *Reject {
	return &Reject{Code: code.RejectCode(), ErrorCode: code, Message: fmt.Sprintf(format, args...)}
}

// Sentinels for module validation; they are wrapped by the message of an
// IC0505 reject and by the error of ValidateModule.
var (
	ErrInvalidWasm   = errors.New("exec: invalid wasm module")
	ErrModuleTooBig  = errors.New("exec: module too large")
	ErrUnsupported   = errors.New("exec: unsupported module feature")
	ErrNotInstalled  = errors.New("exec: canister has no module installed")
	ErrEngineClosed  = errors.New("exec: engine closed")
	errTrapSignalled = errors.New("exec: trap")
)
