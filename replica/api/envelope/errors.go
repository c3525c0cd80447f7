package envelope

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinels wrapped by *Error, for errors.Is.
var (
	// ErrMalformed: the body is not a well-formed envelope (400).
	ErrMalformed = errors.New("envelope: malformed request")
	// ErrIngressExpiry: ingress_expiry outside the accepted window (400).
	ErrIngressExpiry = errors.New("envelope: invalid ingress expiry")
	// ErrDelegationExpiry: a delegation in the chain has expired (400).
	ErrDelegationExpiry = errors.New("envelope: delegation expired")
	// ErrEndpoint: the request type does not match the endpoint (400).
	ErrEndpoint = errors.New("envelope: request type does not match endpoint")
	// ErrCredentials: sender_pubkey, sender_sig and sender_delegation are
	// not all present or all absent as the sender requires (403).
	ErrCredentials = errors.New("envelope: missing or unexpected credentials")
	// ErrSender: sender is not the self-authenticating id of the key (403).
	ErrSender = errors.New("envelope: sender does not match public key")
	// ErrPublicKey: a sender or delegation key is malformed or of an
	// unsupported scheme (403).
	ErrPublicKey = errors.New("envelope: unusable public key")
	// ErrSignature: sender_sig does not verify (403).
	ErrSignature = errors.New("envelope: invalid signature")
	// ErrDelegation: a delegation signature does not verify, a key
	// repeats, or the chain is too long (403).
	ErrDelegation = errors.New("envelope: invalid delegation")
	// ErrTarget: the delegation targets exclude the canister (403).
	ErrTarget = errors.New("envelope: canister not in delegation targets")
	// ErrPermissions: a "queries" delegation on a call, or an unknown
	// permissions value (403).
	ErrPermissions = errors.New("envelope: delegation permissions refuse request")
	// ErrSenderInfo: sender_info needs a canister-signature sender key,
	// which this replica does not support yet (403).
	ErrSenderInfo = errors.New("envelope: sender_info not supported")
)

// Error is a refused request: the HTTP status and the plain-text body the
// replica answers with.
type Error struct {
	Status  int    // HTTP status code
	Message string // response body
	Err     error  // one of the sentinels above
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// malformed returns a 400 for a body that cannot be decoded.
func malformed(format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Status: http.StatusBadRequest, Message: "Could not parse body as request: " + msg, Err: ErrMalformed}
}

// badRequest returns a 400 with the given sentinel and body.
func badRequest(sentinel error, msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Message: msg, Err: sentinel}
}

// authFailed returns the 403 the replica gives for authentication
// failures: "Failed to authenticate request 0x<id> due to: <why>".
func authFailed(id RequestID, sentinel error, format string, args ...any) *Error {
	return &Error{
		Status:  http.StatusForbidden,
		Message: fmt.Sprintf("Failed to authenticate request %s due to: %s", id, fmt.Sprintf(format, args...)),
		Err:     sentinel,
	}
}
