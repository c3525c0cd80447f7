// Package threshold implements threshold BLS signatures as the Internet
// Computer uses them for subnet keys: a (t, n) key is shared among n nodes
// so that any t signature shares combine into the one signature of the
// group public key, while t−1 shares reveal nothing about it.
//
// The scheme is Shamir secret sharing with Feldman commitments over the
// BLS12-381 scalar field, on top of package certify/bls:
//
//	dealer:    f(x) = a_0 + a_1·x + … + a_{t−1}·x^{t−1}, a_0 = group secret
//	dealing:   C_j = a_j·g2 (public; C_0 is the group public key)
//	share i:   s_i = f(i), checked by s_i·g2 == Σ_j C_j·i^j (VerifyShare)
//	key share: PK_i = Σ_j C_j·i^j, derivable by anyone from the dealing
//	signature share of m:  σ_i = s_i·H(m), an ordinary BLS signature under PK_i
//	combination:           σ = Σ_{i∈S} λ_i·σ_i with |S| = t and the Lagrange
//	                       coefficients λ_i = Π_{j∈S, j≠i} j/(j−i) (f at 0)
//
// The combined σ equals a_0·H(m) and verifies with bls.Verify under the
// group key, so clients never learn that the key was shared.
//
// # Share indices
//
// Node positions 0..n−1 in the subnet's node list use share indices 1..n:
// index = position + 1. Index 0 is never a share (f(0) is the secret) and
// every function here rejects it.
//
// # Collecting shares
//
// Collector is a pure state machine for one message: feed it signature
// shares as they arrive (Add); it verifies each, ignores duplicates, records
// nodes that sent invalid shares, and reports Pending, Reached (the combined
// signature is ready) or Impossible (too many nodes are faulty for t valid
// shares to ever arrive). It owns no goroutine and reads no clock; the
// caller decides when to give up.
//
// Dealings have a strict binary encoding (Append, ParseDealing,
// DealingFromBytes) so that they can be stored and gossiped. Randomness is
// always an io.Reader supplied by the caller.
package threshold
