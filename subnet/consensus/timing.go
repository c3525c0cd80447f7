package consensus

import (
	"fmt"
	"time"
)

// Timing holds the round delays. All are measured from the moment a node
// enters the round (it has the previous height's beacon and a notarized
// block there), on the clock passed to Tick.
//
// The rank-r block maker proposes after r·RankDelay; a node notarizes a
// rank-r block after NotaryDelay + r·RankDelay·1.5^g, where g is the number
// of notarized but not yet finalized heights (capped at 16), so that nodes
// wait longer for the lower-rank block while finalization is failing. These
// are the IC's get_block_maker_delay and notary delay with
// unit_delay = RankDelay and initial_notary_delay = NotaryDelay (the
// paper's Δprop and Δntry).
type Timing struct {
	// NotaryDelay is how long nodes wait before notarizing the rank-0
	// block; with an honest rank-0 maker a round takes about this long, so
	// it is the block interval. Default 100 ms.
	NotaryDelay time.Duration

	// RankDelay is the extra wait per rank, for makers and notaries. It
	// should exceed the network's round-trip time. Default 500 ms.
	RankDelay time.Duration

	// MaxClockDrift is how far a block's time may be ahead of this node's
	// clock; later blocks wait until the clock catches up. Default 1 s.
	MaxClockDrift time.Duration

	// Rebroadcast is how long a node waits without progress before sending
	// its current artifacts again, for peers that missed them. Default 2 s.
	Rebroadcast time.Duration
}

// DefaultTiming returns the default delays.
func DefaultTiming() Timing {
	return Timing{
		NotaryDelay:   100 * time.Millisecond,
		RankDelay:     500 * time.Millisecond,
		MaxClockDrift: time.Second,
		Rebroadcast:   2 * time.Second,
	}
}

func (t Timing) withDefaults() (Timing, error) {
	d := DefaultTiming()
	for _, f := range []struct {
		v   *time.Duration
		def time.Duration
	}{{&t.NotaryDelay, d.NotaryDelay}, {&t.RankDelay, d.RankDelay},
		{&t.MaxClockDrift, d.MaxClockDrift}, {&t.Rebroadcast, d.Rebroadcast}} {
		if *f.v < 0 {
			return Timing{}, fmt.Errorf("%w: negative delay %v", ErrConfig, *f.v)
		}
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	return t, nil
}

// maxBackoff caps the exponent g of the notary backoff.
const maxBackoff = 16

// makerDelay is when the rank-r maker proposes, after the round start.
func (t Timing) makerDelay(rank int) time.Duration {
	return time.Duration(rank) * t.RankDelay
}

// notaryDelay is when nodes notarize a rank-r block, after the round start;
// gap is the number of notarized heights above the finalized one.
func (t Timing) notaryDelay(rank int, gap uint64) time.Duration {
	d := time.Duration(rank) * t.RankDelay
	for range min(gap, maxBackoff) {
		d += d / 2
	}
	return t.NotaryDelay + d
}
