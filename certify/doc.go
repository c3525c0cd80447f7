// Package certify parses, builds and verifies Internet Computer
// certificates (interface spec, certification.md; PROTOCOL.md §4).
//
// A certificate is a hash tree signed by a subnet:
//
//	certificate = #6.55799({ tree: hash-tree, signature: bytes, ? delegation: { subnet_id: bytes, certificate: bytes } })
//
// The signature is a BLS signature over "\x0dic-state-root" · reconstruct(tree)
// with the root key, or, when there is a delegation, with the subnet key
// that the delegation certificate (signed by the root key) publishes at
// /subnet/<subnet_id>/public_key. Verify checks, in this order:
//
//  1. the delegation, if any: at most one level, its signature under the
//     root key, the subnet public key in it; the delegation certificate's
//     own /time is not checked (response-verification behaviour: delegations
//     are not reissued regularly);
//  2. the signature over the tree's root hash;
//  3. /time within ±MaxSkew of Options.Now (skipped when Now is zero);
//  4. the signing subnet equals Options.SubnetID, if given;
//  5. Options.CanisterID lies in the delegated subnet's canister ranges, if
//     given: the sharded /canister_ranges/<sid>/<shard> subtree (all revealed
//     shards), falling back to the legacy /subnet/<sid>/canister_ranges.
//     A certificate without delegation comes from the root subnet, whose id
//     is SHA-224(DER root key) · 0x02, and needs no range check.
//
// Each failure wraps one sentinel (ErrMalformed, ErrSignature,
// ErrDelegation, ErrTime, ErrSubnet, ErrRange) so that callers can tell
// which check failed.
//
// A Verifier does the same checks but remembers what the pairings proved:
// the delegation certificates it has verified (by their exact bytes) and
// the (subnet key, signature, root hash) triples whose signature was valid,
// in bounded clock caches. A repeated certificate is still parsed, hashed
// and checked for time, subnet and range on every call; only the pairings
// are skipped.
//
// Decoding decisions: the self-describe tag is optional; map keys may come
// in any order; duplicate keys are rejected; unknown keys are rejected (the
// CDDL is a closed struct and every IC implementation emits exactly these
// keys); a delegation given as CBOR null counts as no delegation (older
// replicas encode the delegation certificate's own delegation that way).
package certify
