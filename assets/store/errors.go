package store

import "errors"

// Errors, wrapped with details; the canister's glue rejects a query or
// traps an update with the message.
var (
	ErrPermission      = errors.New("store: permission denied")
	ErrInvalidArgument = errors.New("store: invalid argument")
	ErrNotFound        = errors.New("store: not found")
	ErrSHA256Mismatch  = errors.New("store: sha256 mismatch")
	ErrLimit           = errors.New("store: limit exceeded")
	ErrBatch           = errors.New("store: batch state")
	ErrUnknownMethod   = errors.New("store: unknown method")
	ErrNoCertificate   = errors.New("store: no data certificate (call this method as a query)")
	ErrSnapshot        = errors.New("store: invalid snapshot")
)
