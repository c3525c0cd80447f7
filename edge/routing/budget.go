package routing

import (
	"sync"
	"time"
)

// budget limits retries to a share of requests over a sliding window, plus
// a floor per second, so that retries cannot amplify an outage: when every
// node fails, the budget runs dry and requests fail after one attempt.
type budget struct {
	ratio     float64 // retries allowed per request
	minPerSec float64 // retries allowed per second whatever the load
	now       func() time.Time

	mu      sync.Mutex
	buckets []budgetBucket // ring, one per second of the window
}

type budgetBucket struct {
	sec               int64
	requests, retries float64
}

func newBudget(ratio, minPerSec float64, window time.Duration, now func() time.Time) *budget {
	return &budget{ratio: ratio, minPerSec: minPerSec, now: now,
		buckets: make([]budgetBucket, max(1, int(window/time.Second)))}
}

// bucket returns the current second's bucket, resetting a stale one.
// Called with mu held.
func (b *budget) bucket(sec int64) *budgetBucket {
	k := &b.buckets[int(uint64(sec)%uint64(len(b.buckets)))]
	if k.sec != sec {
		*k = budgetBucket{sec: sec}
	}
	return k
}

// request counts one request.
func (b *budget) request() {
	sec := b.now().Unix()
	b.mu.Lock()
	b.bucket(sec).requests++
	b.mu.Unlock()
}

// tryRetry takes one retry from the budget, reporting whether there was
// one to take.
func (b *budget) tryRetry() bool {
	sec := b.now().Unix()
	b.mu.Lock()
	defer b.mu.Unlock()
	var requests, retries float64
	oldest := sec - int64(len(b.buckets)) + 1
	for _, k := range b.buckets {
		if k.sec >= oldest && k.sec <= sec {
			requests += k.requests
			retries += k.retries
		}
	}
	allowed := b.ratio*requests + b.minPerSec*float64(len(b.buckets))
	if retries+1 > allowed {
		return false
	}
	b.bucket(sec).retries++
	return true
}
