package consensus

import (
	"errors"
	"fmt"
)

// Errors returned by this package; test with errors.Is. Step wraps the
// reason for rejecting an artifact in a *RejectError that unwraps to one of
// these.
var (
	// ErrConfig: a Config is incomplete or inconsistent.
	ErrConfig = errors.New("consensus: invalid config")

	// ErrMalformed: message bytes do not parse, or a message value is not
	// well formed (nil, zero signature, unknown type).
	ErrMalformed = errors.New("consensus: malformed message")

	// ErrUnknownSigner: a signer or proposer index is not a node of the
	// subnet.
	ErrUnknownSigner = errors.New("consensus: unknown signer")

	// ErrBadSignature: a signature, signature share or aggregate does not
	// verify.
	ErrBadSignature = errors.New("consensus: invalid signature")

	// ErrHeight: the height is 0 (genesis is never an artifact) or too far
	// ahead of this node's round to be buffered.
	ErrHeight = errors.New("consensus: height out of range")

	// ErrRank: a block's rank is not a block-maker rank, or the random
	// beacon gives that rank to another node.
	ErrRank = errors.New("consensus: wrong block-maker rank")

	// ErrBlockTime: a block's time is before its parent's.
	ErrBlockTime = errors.New("consensus: block time before parent time")

	// ErrPayload: a block's payload is too large or the application
	// rejected it.
	ErrPayload = errors.New("consensus: invalid payload")

	// ErrSigners: an aggregate's signer list is too short for the quorum.
	ErrSigners = errors.New("consensus: too few signers")
)

// RejectError reports an artifact that Step refused. It names the artifact
// and the node that signed it, so that a caller can score or disconnect
// peers, and unwraps to the reason (one of the Err sentinels above, possibly
// wrapping a certify/bls error).
type RejectError struct {
	Type   MessageType // kind of artifact
	Height uint64      // height it claims
	Signer int         // signer or proposer index; -1 for aggregates
	Err    error       // reason
}

func (e *RejectError) Error() string {
	if e.Signer < 0 {
		return fmt.Sprintf("consensus: %v at height %d rejected: %v", e.Type, e.Height, e.Err)
	}
	return fmt.Sprintf("consensus: %v at height %d from node %d rejected: %v", e.Type, e.Height, e.Signer, e.Err)
}

func (e *RejectError) Unwrap() error { return e.Err }

// reject builds the error Step returns for m.
func reject(m Message, err error) error {
	return &RejectError{Type: m.Type(), Height: m.height(), Signer: m.signer(), Err: err}
}
