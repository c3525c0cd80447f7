package agent

import (
	"errors"
	"fmt"
)

// Sentinels for errors.Is. Errors of verification wrap one of them and,
// where there is one, the certify or keys error that caused it.
var (
	// ErrMalformed: a response body does not decode as the protocol says.
	ErrMalformed = errors.New("agent: malformed response")
	// ErrCertificate: a certificate failed verification.
	ErrCertificate = errors.New("agent: certificate verification failed")
	// ErrQuerySignature: a query answer's node signature is missing,
	// unknown, stale or invalid.
	ErrQuerySignature = errors.New("agent: query signature verification failed")
	// ErrNotInSubnet: the canister lies outside the ranges of the subnet
	// that answered.
	ErrNotInSubnet = errors.New("agent: canister not in the subnet's canister ranges")
	// ErrExpired: the request's ingress expiry passed before it reached
	// a terminal status.
	ErrExpired = errors.New("agent: request expired before it completed")
	// ErrDone: the request completed but its reply was already pruned
	// from the state ("done").
	ErrDone = errors.New("agent: request is done; its reply is no longer available")
	// ErrNoRootKey: no root key was configured and fetching it failed.
	ErrNoRootKey = errors.New("agent: no root key")
)

// HTTPError is an HTTP response that refused the request: a 4xx or 5xx
// status with the replica's plain-text reason.
type HTTPError struct {
	Status int    // the HTTP status code
	Body   string // the response body, cut to a few kilobytes
	URL    string // the URL that answered
}

func (e *HTTPError) Error() string {
	if e.Body == "" {
		return fmt.Sprintf("HTTP %d from %s", e.Status, e.URL)
	}
	return fmt.Sprintf("HTTP %d from %s: %s", e.Status, e.URL, e.Body)
}

// RejectError is a rejected call or query: the reject code (1 SYS_FATAL,
// 2 SYS_TRANSIENT, 3 DESTINATION_INVALID, 4 CANISTER_REJECT, 5
// CANISTER_ERROR, 6 SYS_UNKNOWN), the message and the IC error code such as
// "IC0503" when the replica sent one.
type RejectError struct {
	Code      uint64
	Message   string
	ErrorCode string
}

func (e *RejectError) Error() string {
	s := fmt.Sprintf("rejected (code %d, %s): %s", e.Code, RejectCodeName(e.Code), e.Message)
	if e.ErrorCode != "" {
		s += " [" + e.ErrorCode + "]"
	}
	return s
}

// RejectCodeName names a reject code as the interface spec does.
func RejectCodeName(code uint64) string {
	switch code {
	case 1:
		return "SYS_FATAL"
	case 2:
		return "SYS_TRANSIENT"
	case 3:
		return "DESTINATION_INVALID"
	case 4:
		return "CANISTER_REJECT"
	case 5:
		return "CANISTER_ERROR"
	case 6:
		return "SYS_UNKNOWN"
	default:
		return "unknown"
	}
}

// malformed wraps a decoding failure of what step with ErrMalformed.
func malformed(step string, err error) error {
	return fmt.Errorf("%w: %s: %w", ErrMalformed, step, err)
}
