package certify

import "sync"

// clock is a bounded map with CLOCK (second-chance) eviction: a hit sets
// the entry's reference bit, and the hand evicts the first entry whose bit
// is clear, clearing bits as it passes. It is safe for concurrent use.
type clock[K comparable, V any] struct {
	mu    sync.Mutex
	idx   map[K]int
	slots []slot[K, V]
	size  int
	hand  int
}

type slot[K comparable, V any] struct {
	key K
	val V
	ref bool
}

func newClock[K comparable, V any](size int) *clock[K, V] {
	size = max(size, 1)
	return &clock[K, V]{idx: make(map[K]int, size), slots: make([]slot[K, V], 0, size), size: size}
}

func (c *clock[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i, ok := c.idx[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.slots[i].ref = true
	return c.slots[i].val, true
}

func (c *clock[K, V]) put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i, ok := c.idx[k]; ok {
		c.slots[i].val = v
		return
	}
	if len(c.slots) < c.size {
		c.idx[k] = len(c.slots)
		c.slots = append(c.slots, slot[K, V]{key: k, val: v})
		return
	}
	for c.slots[c.hand].ref {
		c.slots[c.hand].ref = false
		c.hand = (c.hand + 1) % len(c.slots)
	}
	delete(c.idx, c.slots[c.hand].key)
	c.slots[c.hand] = slot[K, V]{key: k, val: v}
	c.idx[k] = c.hand
	c.hand = (c.hand + 1) % len(c.slots)
}

func (c *clock[K, V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.slots)
}
