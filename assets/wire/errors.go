package wire

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors. Malformed or ill-typed Candid wraps candid.ErrInvalid,
// candid.ErrType or candid.ErrLimit; the two below are this package's own.
var (
	// ErrRange reports a decoded number that does not fit its Go type: a
	// nat id or length above 2^64−1, an int Time outside int64.
	ErrRange = errors.New("wire: number out of range")
	// ErrValue reports a value the interface does not allow: a Go value
	// with no Candid form (a variant with no case or two, an unknown
	// Permission, a principal longer than 29 bytes, a streaming answer
	// without its callback's principal), or a decoded principal longer
	// than 29 bytes or a streaming callback that is not
	// http_request_streaming_callback.
	ErrValue = errors.New("wire: invalid value")
)

// Error is a failure to encode or decode one method's arguments or results.
type Error struct {
	Op     string // "encoding" or "decoding"
	Method string // Candid method name; "install" for the canister argument
	What   string // "arguments" or "results"
	Path   string // the field, e.g. "operations[2].SetAssetContent.chunk_ids[0]"; "" for the whole message
	Err    error  // wraps one of ErrRange, ErrValue or candid's sentinels
}

func (e *Error) Error() string {
	s := "wire: " + e.Op + " the " + e.What + " of " + e.Method
	if e.Path != "" {
		s += ": " + e.Path
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the cause, so errors.Is(err, ErrRange) works.
func (e *Error) Unwrap() error { return e.Err }

// detail is a leaf error: its message without the sentinel's text, which
// Error already says in other words.
type detail struct {
	kind error
	msg  string
}

func (d *detail) Error() string { return d.msg }
func (d *detail) Unwrap() error { return d.kind }

func rangef(format string, args ...any) error {
	return &detail{ErrRange, fmt.Sprintf(format, args...)}
}

func valuef(format string, args ...any) error {
	return &detail{ErrValue, fmt.Sprintf(format, args...)}
}

// pathErr carries the path of the field an error is about while it
// travels up through the converters.
type pathErr struct {
	path string
	err  error
}

func (p *pathErr) Error() string { return p.path + ": " + p.err.Error() }
func (p *pathErr) Unwrap() error { return p.err }

// within prefixes err's path with a field name.
func within(name string, err error) error {
	if err == nil {
		return nil
	}
	if p, ok := err.(*pathErr); ok {
		if strings.HasPrefix(p.path, "[") {
			p.path = name + p.path
		} else {
			p.path = name + "." + p.path
		}
		return p
	}
	return &pathErr{name, err}
}

// withinIndex prefixes err's path with a vector index.
func withinIndex(i int, err error) error {
	return within("["+strconv.Itoa(i)+"]", err)
}

// methodErr makes the error a converter returned into an *Error.
func methodErr(op, method, what string, err error) error {
	e := &Error{Op: op, Method: method, What: what, Err: err}
	if p, ok := err.(*pathErr); ok {
		e.Path, e.Err = p.path, p.err
	}
	return e
}
