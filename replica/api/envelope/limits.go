package envelope

import "time"

// Limits of the interface spec and of the DFINITY replica.
const (
	// MaxNonceLength is the largest nonce, in bytes.
	MaxNonceLength = 32
	// MaxDelegations is the longest sender_delegation chain.
	MaxDelegations = 20
	// MaxTargets is the largest targets list of one delegation.
	MaxTargets = 1000
	// MaxPaths is the largest number of paths in a read_state request.
	MaxPaths = 1000
	// MaxPathLabels is the largest number of labels in one path.
	MaxPathLabels = 127
	// MaxIngressTTL is how far in the future ingress_expiry may lie
	// (ic_limits MAX_INGRESS_TTL) ...
	MaxIngressTTL = 5 * time.Minute
	// PermittedDrift is added to MaxIngressTTL for clock skew
	// (ic_limits PERMITTED_DRIFT_AT_VALIDATOR).
	PermittedDrift = 30 * time.Second
)
