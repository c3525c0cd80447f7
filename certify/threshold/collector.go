package threshold

import (
	"fmt"
	"slices"

	"github.com/threshold-ic/threshold/certify/bls"
)

// Status is the state of a Collector.
type Status int

const (
	// Pending: fewer than t valid shares so far, and t can still arrive.
	Pending Status = iota
	// Reached: t valid shares arrived; Signature returns the combination.
	Reached
	// Impossible: more than n−t nodes sent invalid shares, so t valid
	// shares can no longer arrive.
	Impossible
)

func (s Status) String() string {
	switch s {
	case Pending:
		return "pending"
	case Reached:
		return "reached"
	case Impossible:
		return "impossible"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Collector gathers the signature shares of one message until t valid ones
// combine into the group signature. It is a pure state machine: no
// goroutines, no clock, not safe for concurrent use (one owner calls Add).
//
// Each node counts once: the first share received from an index decides
// whether the node is valid or faulty; later shares from the same index are
// ignored.
type Collector struct {
	dealing *Dealing
	msg     []byte
	valid   []SignatureShare // in arrival order
	faulty  map[int]error
	status  Status
	sig     bls.Signature
}

// NewCollector returns a collector for dealing's key and msg. t and n are
// those of the dealing. msg is copied.
func NewCollector(dealing *Dealing, msg []byte) (*Collector, error) {
	if dealing == nil {
		return nil, fmt.Errorf("threshold: nil dealing")
	}
	return &Collector{
		dealing: dealing,
		msg:     slices.Clone(msg),
		faulty:  make(map[int]error),
	}, nil
}

// Add offers the share sig (48 bytes) from node index and returns the new
// status. An index outside 1..n is rejected with ErrIndex. An unparsable or
// non-verifying share marks the node faulty and returns a *ShareError.
// Duplicates, and shares arriving once the status is no longer Pending, are
// ignored without error.
func (c *Collector) Add(index int, sig []byte) (Status, error) {
	if err := checkIndex(index, c.dealing.n); err != nil {
		return c.status, err
	}
	if c.status != Pending || c.seen(index) {
		return c.status, nil
	}
	share, err := c.check(index, sig)
	if err != nil {
		c.faulty[index] = err
		if len(c.faulty) > c.dealing.n-c.dealing.Threshold() {
			c.status = Impossible
		}
		return c.status, &ShareError{Index: index, Err: err}
	}
	c.valid = append(c.valid, share)
	if len(c.valid) == c.dealing.Threshold() {
		combined, err := c.dealing.Combine(c.valid)
		if err != nil { // verified shares with distinct indices always combine
			return c.status, fmt.Errorf("threshold: combining verified shares: %w", err)
		}
		c.sig, c.status = combined, Reached
	}
	return c.status, nil
}

func (c *Collector) check(index int, b []byte) (SignatureShare, error) {
	sig, err := bls.SignatureFromBytes(b)
	if err != nil {
		return SignatureShare{}, fmt.Errorf("%w: %w", ErrInvalidSignatureShare, err)
	}
	if err := c.dealing.VerifySignatureShare(index, c.msg, sig); err != nil {
		return SignatureShare{}, err
	}
	return SignatureShare{Index: index, Signature: sig}, nil
}

func (c *Collector) seen(index int) bool {
	if _, ok := c.faulty[index]; ok {
		return true
	}
	return slices.ContainsFunc(c.valid, func(s SignatureShare) bool { return s.Index == index })
}

// Status returns the current status.
func (c *Collector) Status() Status { return c.status }

// Signature returns the group signature once the status is Reached.
func (c *Collector) Signature() (bls.Signature, bool) { return c.sig, c.status == Reached }

// Valid returns the indices of the nodes whose shares verified, ascending.
func (c *Collector) Valid() []int {
	out := make([]int, len(c.valid))
	for i, s := range c.valid {
		out[i] = s.Index
	}
	slices.Sort(out)
	return out
}

// Faulty returns the indices of the nodes that sent invalid shares,
// ascending.
func (c *Collector) Faulty() []int {
	out := make([]int, 0, len(c.faulty))
	for i := range c.faulty {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}
