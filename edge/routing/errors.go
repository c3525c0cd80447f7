package routing

import (
	"errors"
	"net/http"
)

// Sentinels: every error the Router returns wraps one of them (errors.Is).
var (
	// ErrNotAPIPath: the path is not an IC API endpoint (404).
	ErrNotAPIPath = errors.New("routing: not an IC API path")
	// ErrBadID: the effective canister or subnet id does not parse (400).
	ErrBadID = errors.New("routing: malformed effective id")
	// ErrUnknownCanister: no subnet's ranges hold the canister (400, as
	// ic-boundary's canister_not_found).
	ErrUnknownCanister = errors.New("routing: no subnet hosts the canister")
	// ErrUnknownSubnet: the subnet is not in the table (400).
	ErrUnknownSubnet = errors.New("routing: unknown subnet")
	// ErrBodyTooLarge: the request body exceeds Options.MaxBodyBytes (413).
	ErrBodyTooLarge = errors.New("routing: request body too large")
	// ErrNoHealthyNode: no node of the subnet is usable now (503).
	ErrNoHealthyNode = errors.New("routing: no healthy node")
	// ErrUnreachable: every attempt failed without an HTTP answer (502).
	ErrUnreachable = errors.New("routing: replica unreachable")
)

// Error is a routing failure: Kind is one of the sentinels, Subnet and Node
// say where it happened (when known), Err is the underlying cause.
type Error struct {
	Kind   error
	Subnet string
	Node   string
	Err    error
}

func (e *Error) Error() string {
	s := e.Kind.Error()
	if e.Subnet != "" {
		s += ": subnet " + e.Subnet
	}
	if e.Node != "" {
		s += ", node " + e.Node
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is matches the error's kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// HTTPStatus is the status a caller should answer with.
func (e *Error) HTTPStatus() int { return statusOfKind(e.Kind) }

// StatusOf maps an error from the Router (or any error) to an HTTP status:
// 502 for errors that are not the Router's.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.HTTPStatus()
	}
	return http.StatusBadGateway
}

func statusOfKind(kind error) int {
	switch kind {
	case ErrNotAPIPath:
		return http.StatusNotFound
	case ErrBadID, ErrUnknownCanister, ErrUnknownSubnet:
		return http.StatusBadRequest
	case ErrBodyTooLarge:
		return http.StatusRequestEntityTooLarge
	case ErrNoHealthyNode:
		return http.StatusServiceUnavailable
	}
	return http.StatusBadGateway
}

// cause is a short machine-readable name of the error's kind, for metrics
// and the x-ic-error-cause header.
func cause(kind error) string {
	switch kind {
	case ErrNotAPIPath:
		return "not_api_path"
	case ErrBadID:
		return "malformed_id"
	case ErrUnknownCanister:
		return "canister_not_found"
	case ErrUnknownSubnet:
		return "subnet_not_found"
	case ErrBodyTooLarge:
		return "body_too_large"
	case ErrNoHealthyNode:
		return "no_healthy_nodes"
	}
	return "replica_unreachable"
}
