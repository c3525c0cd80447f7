package bls

import "errors"

// Errors returned by this package. Parsing errors wrap one of the Malformed
// sentinels with the precise reason; test with errors.Is.
var (
	// ErrMalformedPublicKey: the bytes are not a canonical compressed G2
	// point of the prime-order subgroup other than the point at infinity.
	ErrMalformedPublicKey = errors.New("bls: malformed public key")

	// ErrMalformedDER: a DER public key has the wrong length or prefix.
	ErrMalformedDER = errors.New("bls: malformed DER public key")

	// ErrMalformedSignature: the bytes are not a canonical compressed G1
	// point of the prime-order subgroup other than the point at infinity.
	ErrMalformedSignature = errors.New("bls: malformed signature")

	// ErrMalformedSecretKey: a secret key is not 32 bytes encoding a scalar
	// s with 0 < s < r.
	ErrMalformedSecretKey = errors.New("bls: malformed secret key")

	// ErrMalformedScalar: a scalar is not 32 bytes encoding a value below
	// the group order r.
	ErrMalformedScalar = errors.New("bls: malformed scalar")

	// ErrZeroScalar: an operation needs a non-zero scalar (inversion,
	// secret keys).
	ErrZeroScalar = errors.New("bls: zero scalar")

	// ErrInvalidSignature: the signature is well formed but does not verify.
	ErrInvalidSignature = errors.New("bls: signature verification failed")

	// ErrInfinity: a group operation produced the point at infinity, which
	// is neither a valid public key nor a valid signature.
	ErrInfinity = errors.New("bls: result is the point at infinity")

	// ErrLengthMismatch: slices that must pair up element by element differ
	// in length, or are empty.
	ErrLengthMismatch = errors.New("bls: mismatched or empty inputs")
)
