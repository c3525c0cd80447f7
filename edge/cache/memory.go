package cache

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
	"time"
)

// memory is the bytes-bounded in-process store. Each shard runs SIEVE: a
// FIFO queue whose hits only set a flag (no list move, so hits take a read
// lock), and a hand that walks from the oldest entry, sparing and clearing
// flagged ones and evicting the first unflagged or expired one.
type memory struct {
	seed   maphash.Seed
	shards []memShard
	bytes  atomic.Int64
	count  atomic.Int64
	evict  func() // counts an eviction
}

type memShard struct {
	mu    sync.RWMutex
	items map[string]*node
	head  *node // newest
	tail  *node // oldest
	hand  *node
	bytes int64
	max   int64
}

type node struct {
	key        string
	e          *entry
	size       int64
	visited    atomic.Bool
	prev, next *node // prev is newer, next is older
}

// newMemory splits maxBytes over up to 16 shards, each big enough for
// four of the largest items.
func newMemory(maxBytes, maxItem int64, evict func()) *memory {
	n := int(min(max(maxBytes/(4*maxItem), 1), 16))
	m := &memory{seed: maphash.MakeSeed(), shards: make([]memShard, n), evict: evict}
	for i := range m.shards {
		m.shards[i] = memShard{items: make(map[string]*node), max: maxBytes / int64(n)}
	}
	return m
}

func (m *memory) shard(key string) *memShard {
	return &m.shards[maphash.String(m.seed, key)%uint64(len(m.shards))]
}

// get returns the entry under key unless it is past its stale deadline.
func (m *memory) get(key string, now time.Time) *entry {
	s := m.shard(key)
	s.mu.RLock()
	n := s.items[key]
	s.mu.RUnlock()
	if n == nil {
		return nil
	}
	if now.After(n.e.stale) {
		s.mu.Lock()
		if s.items[key] == n {
			m.remove(s, n)
		}
		s.mu.Unlock()
		return nil
	}
	n.visited.Store(true)
	return n.e
}

func (m *memory) set(key string, e *entry, now time.Time) {
	size := e.size(key)
	s := m.shard(key)
	if size > s.max {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.items[key]; old != nil {
		m.remove(s, old)
	}
	n := &node{key: key, e: e, size: size, next: s.head}
	if s.head != nil {
		s.head.prev = n
	}
	s.head = n
	if s.tail == nil {
		s.tail = n
	}
	s.items[key] = n
	s.bytes += size
	m.bytes.Add(size)
	m.count.Add(1)
	for s.bytes > s.max {
		m.evictOne(s, now)
	}
}

// evictOne removes one node chosen by the SIEVE hand.
func (m *memory) evictOne(s *memShard, now time.Time) {
	h := s.hand
	if h == nil {
		h = s.tail
	}
	for h.visited.Load() && !now.After(h.e.stale) {
		h.visited.Store(false)
		h = h.prev
		if h == nil {
			h = s.tail
		}
	}
	s.hand = h.prev
	m.remove(s, h)
	m.evict()
}

func (m *memory) remove(s *memShard, n *node) {
	if s.hand == n {
		s.hand = n.prev
	}
	if n.prev != nil {
		n.prev.next = n.next
	} else {
		s.head = n.next
	}
	if n.next != nil {
		n.next.prev = n.prev
	} else {
		s.tail = n.prev
	}
	n.prev, n.next = nil, nil
	delete(s.items, n.key)
	s.bytes -= n.size
	m.bytes.Add(-n.size)
	m.count.Add(-1)
}
