package resolve

import (
	"errors"
	"fmt"
)

// Sentinels for errors.Is; every error Resolve returns is an *Error that
// wraps exactly one of them.
var (
	// ErrBadHost: the Host header is not a host name (empty, too long,
	// characters outside letters, digits, '-' and '.', empty labels, raw
	// Unicode instead of its xn-- form).
	ErrBadHost = errors.New("resolve: malformed host name")
	// ErrUnknownDomain: the host is well formed but no rule maps it.
	ErrUnknownDomain = errors.New("resolve: unknown domain")
	// ErrMalformedID: a label where a canister id belongs is not one.
	ErrMalformedID = errors.New("resolve: malformed canister id")
	// ErrNoCanister: the host is an apex that names no canister and the
	// request has no usable ?canisterId=.
	ErrNoCanister = errors.New("resolve: no canister in the host or the query")
	// ErrRawDisabled: an <id>.raw.<apex> name on an apex whose raw names
	// are switched off.
	ErrRawDisabled = errors.New("resolve: raw (unverified) domains are switched off")
)

// Error is a failed resolution: the sentinel, the host it was about and,
// for ErrMalformedID, the offending label (or "canisterId" for the query
// parameter) and the principal parser's reason.
type Error struct {
	Kind  error  // one of the sentinels above
	Host  string // the normalised host, or the raw one for ErrBadHost
	Label string // the label that is not a canister id (ErrMalformedID)
	Err   error  // the underlying reason, if any
}

func (e *Error) Error() string {
	msg := e.Kind.Error()
	if e.Label != "" {
		msg += fmt.Sprintf(" %q", e.Label)
	}
	if e.Host != "" {
		msg += fmt.Sprintf(" (host %q)", e.Host)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the sentinel and the underlying reason.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func fail(kind error, host, label string, err error) error {
	return &Error{Kind: kind, Host: host, Label: label, Err: err}
}
