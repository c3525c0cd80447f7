package candid

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps exactly one of
// them; test with errors.Is.
var (
	// ErrInvalid reports a malformed binary message.
	ErrInvalid = errors.New("candid: invalid message")
	// ErrType reports a value that does not coerce to the expected type.
	ErrType = errors.New("candid: type mismatch")
	// ErrLimit reports that decoding hit a resource limit (type table size,
	// nesting depth or the cost budget).
	ErrLimit = errors.New("candid: limit exceeded")
	// ErrSyntax reports malformed Candid text or .did input.
	ErrSyntax = errors.New("candid: syntax error")
)

// Error is the error type of this package: a sentinel kind plus detail.
type Error struct {
	Kind error  // one of ErrInvalid, ErrType, ErrLimit, ErrSyntax
	Msg  string // what went wrong, without the "candid: " prefix
}

func (e *Error) Error() string { return e.Kind.Error() + ": " + e.Msg }

// Unwrap returns the sentinel, so errors.Is(err, ErrType) works.
func (e *Error) Unwrap() error { return e.Kind }

func errf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

func invalidf(format string, args ...any) error { return errf(ErrInvalid, format, args...) }
func typef(format string, args ...any) error    { return errf(ErrType, format, args...) }
func limitf(format string, args ...any) error   { return errf(ErrLimit, format, args...) }
func syntaxf(format string, args ...any) error  { return errf(ErrSyntax, format, args...) }

// isTypeErr reports whether err is a coercion failure, which an enclosing
// opt turns into null. Malformed input and limits are never recovered.
func isTypeErr(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == ErrType
}
