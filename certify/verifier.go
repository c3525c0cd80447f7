package certify

import (
	"bytes"
	"hash/maphash"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/hashtree"
)

// Verifier verifies certificates against one root key and caches what the
// pairings proved. It is safe for concurrent use.
//
// Two bounded caches are kept. Delegations are keyed by a hash of the
// delegation certificate's bytes and confirmed by comparing the bytes and
// the subnet id, so a hit skips parsing, hashing and verifying the
// delegation; they change rarely and are shared by every certificate of a
// subnet. Signatures are keyed by (subnet key, signature, root hash): a
// certificate whose tree hashes to a root already proven signed by that
// key needs no pairing. Every call still parses the certificate, hashes
// its tree, and checks time, subnet and range.
type Verifier struct {
	root        *RootKey
	seed        maphash.Seed
	delegations *clock[uint64, *signer]
	sigs        *clock[sigKey, struct{}]
}

type sigKey struct {
	key  [bls.PublicKeySize]byte
	sig  [bls.SignatureSize]byte
	root hashtree.Hash
}

// DefaultCacheSize is the number of signatures a Verifier remembers when
// NewVerifier is given a size of zero or less.
const DefaultCacheSize = 4096

// NewVerifier returns a Verifier for root that remembers up to size
// verified signatures and size/16+1 delegations.
func NewVerifier(root *RootKey, size int) *Verifier {
	if size <= 0 {
		size = DefaultCacheSize
	}
	return &Verifier{
		root:        root,
		seed:        maphash.MakeSeed(),
		delegations: newClock[uint64, *signer](size/16 + 1),
		sigs:        newClock[sigKey, struct{}](size),
	}
}

// Root returns the root key the Verifier checks against.
func (v *Verifier) Root() *RootKey { return v.root }

// Verify is Verify with caching.
func (v *Verifier) Verify(c *Certificate, opts Options) (Verified, error) {
	return verify(c, v.root, opts, v)
}

// VerifyBytes parses b and verifies it.
func (v *Verifier) VerifyBytes(b []byte, opts Options) (Verified, error) {
	c, err := Parse(b)
	if err != nil {
		return Verified{}, err
	}
	return verify(c, v.root, opts, v)
}

// delegation verifies d, through the cache when v is not nil.
func (v *Verifier) delegation(d *Delegation, root *RootKey) (*signer, error) {
	if v == nil {
		return checkDelegation(d, root)
	}
	h := maphash.Bytes(v.seed, d.Certificate)
	if s, ok := v.delegations.get(h); ok && bytes.Equal(s.subnetID, d.SubnetID) && bytes.Equal(s.cert, d.Certificate) {
		return s, nil
	}
	s, err := checkDelegation(d, root)
	if err != nil {
		return nil, err
	}
	v.delegations.put(h, s)
	return s, nil
}

// signature verifies a certificate signature, through the cache when v is
// not nil.
func (v *Verifier) signature(s *signer, sig []byte, root *hashtree.Hash) error {
	if v == nil || len(sig) != bls.SignatureSize {
		return verifySignature(s.key, sig, root)
	}
	k := sigKey{key: *s.raw, sig: [bls.SignatureSize]byte(sig), root: *root}
	if _, ok := v.sigs.get(k); ok {
		return nil
	}
	if err := verifySignature(s.key, sig, root); err != nil {
		return err
	}
	v.sigs.put(k, struct{}{})
	return nil
}
