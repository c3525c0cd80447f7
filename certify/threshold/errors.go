package threshold

import (
	"errors"
	"fmt"
)

// Errors returned by this package; test with errors.Is.
var (
	// ErrParameters: t and n do not satisfy 1 ≤ t ≤ n ≤ MaxNodes.
	ErrParameters = errors.New("threshold: invalid threshold parameters")

	// ErrIndex: a share index is outside 1..n.
	ErrIndex = errors.New("threshold: share index out of range")

	// ErrDuplicateIndex: two shares given to Combine have the same index.
	ErrDuplicateIndex = errors.New("threshold: duplicate share index")

	// ErrTooFewShares: fewer than t shares were given to Combine.
	ErrTooFewShares = errors.New("threshold: too few shares")

	// ErrInvalidSecretShare: a secret share does not match the dealing's
	// commitments.
	ErrInvalidSecretShare = errors.New("threshold: secret share does not match the dealing")

	// ErrInvalidSignatureShare: a signature share is malformed or does not
	// verify under the sender's public key share.
	ErrInvalidSignatureShare = errors.New("threshold: invalid signature share")

	// ErrMalformedDealing: dealing bytes do not parse.
	ErrMalformedDealing = errors.New("threshold: malformed dealing")
)

// ShareError reports a signature share rejected by a Collector, naming the
// node that sent it. It unwraps to ErrInvalidSignatureShare (and, for
// unparsable bytes, to the bls parsing error).
type ShareError struct {
	Index int   // share index of the sender (node position + 1)
	Err   error // reason
}

func (e *ShareError) Error() string {
	return fmt.Sprintf("threshold: share of index %d rejected: %v", e.Index, e.Err)
}

func (e *ShareError) Unwrap() error { return e.Err }

// checkParams validates t and n.
func checkParams(t, n int) error {
	if t < 1 || t > n || n > MaxNodes {
		return fmt.Errorf("%w: t=%d n=%d (want 1 ≤ t ≤ n ≤ %d)", ErrParameters, t, n, MaxNodes)
	}
	return nil
}

// checkIndex validates a share index for n nodes.
func checkIndex(index, n int) error {
	if index < 1 || index > n {
		return fmt.Errorf("%w: %d not in 1..%d", ErrIndex, index, n)
	}
	return nil
}
