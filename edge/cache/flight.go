package cache

import "sync"

// outcome is what a leader's fetch left for the requests waiting on it.
type outcome uint8

const (
	outcomeNone   outcome = iota // nothing to share: each waiter fetches itself
	outcomeStored                // look the key up again
	outcomeStale                 // upstream failed: serve call.stale
)

// flights lets one request per key go upstream while the others wait.
type flights struct {
	mu    sync.Mutex
	calls map[string]*call
}

type call struct {
	done    chan struct{}
	outcome outcome
	stale   *entry
	waiters int
}

// join returns the key's call and whether the caller leads it.
func (f *flights) join(key string) (*call, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c, ok := f.calls[key]; ok {
		c.waiters++
		return c, false
	}
	c := &call{done: make(chan struct{})}
	f.calls[key] = c
	return c, true
}

// finish publishes the leader's outcome and releases the waiters.
func (f *flights) finish(key string, c *call, o outcome, stale *entry) {
	f.mu.Lock()
	delete(f.calls, key)
	f.mu.Unlock()
	c.outcome, c.stale = o, stale
	close(c.done)
}
