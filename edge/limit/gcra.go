package limit

import "time"

// gcra is the generic cell rate algorithm: a bucket of burst tokens that
// refills at one token per interval, stored as the theoretical arrival time
// (TAT) of the next request. A key whose TAT is in the past is a full
// bucket, so idle keys need no state.
type gcra struct {
	interval  int64 // nanoseconds per token
	tolerance int64 // interval * (burst - 1): how far TAT may run ahead
}

func newGCRA(perSecond float64, burst int) gcra {
	iv := int64(float64(time.Second) / perSecond)
	if iv < 1 {
		iv = 1
	}
	return gcra{interval: iv, tolerance: iv * int64(burst-1)}
}

// step decides one request at now against tat. It returns the new TAT to
// store (unchanged when refused), whether the request may pass and, when
// it may not, how long until it would.
func (g gcra) step(tat, now int64) (next int64, ok bool, wait time.Duration) {
	if tat < now {
		tat = now
	}
	next = tat + g.interval
	if allowAt := next - g.interval - g.tolerance; now < allowAt {
		return tat, false, time.Duration(allowAt - now)
	}
	return next, true, 0
}
