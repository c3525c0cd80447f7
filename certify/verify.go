package certify

import (
	"bytes"
	"fmt"
	"time"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
	"github.com/threshold-ic/threshold/certify/rih"
)

// DefaultMaxSkew is the time window used when Options.MaxSkew is not set:
// five minutes either way, as response-verification and icp-js-core allow
// (PROTOCOL.md §4.6).
const DefaultMaxSkew = 5 * time.Minute

// Options are the request-specific inputs of a verification.
type Options struct {
	// Now is the verifier's current time. The certificate's /time must lie
	// within MaxSkew of it, in the past or the future. The zero Time turns
	// the time check off (and /time becomes optional).
	Now time.Time
	// MaxSkew bounds |/time − Now|; zero or negative means DefaultMaxSkew.
	MaxSkew time.Duration
	// CanisterID, if not nil, is the effective canister id of the request:
	// a delegated certificate must cover it with its subnet's ranges.
	CanisterID []byte
	// SubnetID, if not nil, is the effective subnet id of the request: the
	// certificate must be signed by that subnet.
	SubnetID []byte
}

// Verified describes a certificate that passed Verify. Its slices must not
// be modified; they may be shared with a Verifier's cache.
type Verified struct {
	RootHash  hashtree.Hash
	Time      uint64 // /time in nanoseconds; 0 if absent (untimed checks only)
	Delegated bool   // signed by a subnet other than the root subnet
	SubnetID  []byte // the signing subnet
	SubnetKey *bls.PublicKey
	// Ranges are the delegated subnet's canister ranges (nil for the root
	// subnet, or when the delegation reveals none).
	Ranges Ranges
}

// Verify checks c against the root key (see the package doc for the
// checks and their order). It does no caching; see Verifier.
func Verify(c *Certificate, root *RootKey, opts Options) (Verified, error) {
	return verify(c, root, opts, nil)
}

// signer is the key a certificate must be signed with, and what it
// certifies.
type signer struct {
	cert      []byte // the delegation certificate (nil for the root key)
	subnetID  []byte
	key       *bls.PublicKey
	raw       *[bls.PublicKeySize]byte
	ranges    Ranges
	rangesErr error
}

func verify(c *Certificate, root *RootKey, opts Options, v *Verifier) (Verified, error) {
	if c == nil || root == nil {
		return Verified{}, fmt.Errorf("%w: nil certificate or root key", ErrMalformed)
	}
	s := &signer{subnetID: root.subnetID, key: root.pk, raw: &root.raw}
	if c.Delegation != nil {
		var err error
		if s, err = v.delegation(c.Delegation, root); err != nil {
			return Verified{}, err
		}
	}
	digest := c.Tree.Digest()
	if err := v.signature(s, c.Signature, &digest); err != nil {
		return Verified{}, err
	}
	out := Verified{RootHash: digest, Delegated: c.Delegation != nil, SubnetID: s.subnetID, SubnetKey: s.key, Ranges: s.ranges}
	var err error
	if out.Time, err = checkTime(c.Tree, opts); err != nil {
		return Verified{}, err
	}
	if opts.SubnetID != nil && !bytes.Equal(opts.SubnetID, s.subnetID) {
		return Verified{}, fmt.Errorf("%w: signed by %x, want %x", ErrSubnet, s.subnetID, opts.SubnetID)
	}
	if opts.CanisterID != nil && c.Delegation != nil {
		if s.rangesErr != nil {
			return Verified{}, s.rangesErr
		}
		if !s.ranges.Contains(opts.CanisterID) {
			return Verified{}, fmt.Errorf("%w: canister %x, subnet %x", ErrRange, opts.CanisterID, s.subnetID)
		}
	}
	return out, nil
}

// verifySignature checks sig over "\x0dic-state-root" · root without
// allocating the message.
func verifySignature(key *bls.PublicKey, sig []byte, root *hashtree.Hash) error {
	var msg [len(rih.SepStateRoot) + len(hashtree.Hash{})]byte
	copy(msg[:], rih.SepStateRoot)
	copy(msg[len(rih.SepStateRoot):], root[:])
	if err := bls.Verify(key, msg[:], sig); err != nil {
		return fmt.Errorf("%w: %w", ErrSignature, err)
	}
	return nil
}

// checkTime decodes /time and checks it against the window of opts.
func checkTime(tree hashtree.Tree, opts Options) (uint64, error) {
	v, res := tree.Lookup([]byte("time"))
	if res != hashtree.Found {
		if opts.Now.IsZero() {
			return 0, nil
		}
		return 0, fmt.Errorf("%w: /time is %v", ErrTime, res)
	}
	t, n, err := leb128.Unsigned(v)
	if err != nil || n != len(v) {
		return 0, fmt.Errorf("%w: /time is not a LEB128 nat", ErrTime)
	}
	if opts.Now.IsZero() {
		return t, nil
	}
	skew := opts.MaxSkew
	if skew <= 0 {
		skew = DefaultMaxSkew
	}
	now := opts.Now.UnixNano()
	if now < 0 {
		return 0, fmt.Errorf("%w: now before 1970", ErrTime)
	}
	diff := int64(t) - now
	if t > 1<<63-1 || diff > int64(skew) || diff < -int64(skew) {
		return 0, fmt.Errorf("%w: certificate time %d, now %d, allowed skew %v", ErrTime, t, now, skew)
	}
	return t, nil
}
