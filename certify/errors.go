package certify

import "errors"

// Sentinel errors, one per check of Verify. Every error returned by Verify
// wraps exactly one of them (errors from the delegation wrap ErrDelegation
// and the cause inside it, such as ErrSignature).
var (
	// ErrMalformed: the certificate, a tree, a key or a range list does
	// not decode.
	ErrMalformed = errors.New("certify: malformed certificate")

	// ErrSignature: the BLS signature does not verify.
	ErrSignature = errors.New("certify: invalid signature")

	// ErrDelegation: the delegation is invalid: nested, unsigned, or
	// without the subnet's public key.
	ErrDelegation = errors.New("certify: invalid delegation")

	// ErrNestedDelegation: a delegation certificate has a delegation of
	// its own (wrapped together with ErrDelegation).
	ErrNestedDelegation = errors.New("certify: delegation certificate has a delegation")

	// ErrTime: /time is missing, malformed, or outside the allowed window.
	ErrTime = errors.New("certify: certificate time not acceptable")

	// ErrSubnet: the certificate was signed by another subnet than the
	// one requested.
	ErrSubnet = errors.New("certify: certificate not signed by the requested subnet")

	// ErrRange: the effective canister id is outside the signing subnet's
	// canister ranges, or the ranges are missing (pruned or absent).
	ErrRange = errors.New("certify: canister not in the subnet's canister ranges")
)
