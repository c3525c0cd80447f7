package routing

import (
	"math/rand/v2"
	"slices"
	"sync"
)

// lockedRand makes a rand.Source safe for concurrent use.
type lockedRand struct {
	mu  sync.Mutex
	src rand.Source
}

// float64 returns a number in [0, 1).
func (l *lockedRand) float64() float64 {
	l.mu.Lock()
	u := l.src.Uint64()
	l.mu.Unlock()
	return float64(u>>11) / (1 << 53)
}

// pick chooses a usable node of nodes, not in tried, at random with
// weight 1/score: a node twice as fast (or half as loaded) gets twice the
// traffic, and slower nodes still get some, which keeps their latency
// measured. It returns nil when no node qualifies.
func (r *Router) pick(nodes []*node, tried []*node) *node {
	now := r.opts.Now().UnixNano()
	initial := int64(r.opts.InitialLatency)
	var weights [16]float64
	w := weights[:0]
	if len(nodes) > len(weights) {
		w = make([]float64, 0, len(nodes))
	}
	total := 0.0
	for _, n := range nodes {
		x := 0.0
		if n.usable(now) && !slices.Contains(tried, n) {
			x = 1 / n.score(initial)
		}
		w = append(w, x)
		total += x
	}
	if total == 0 {
		return nil
	}
	u := r.rand.float64() * total
	last := -1
	for i, x := range w {
		if x == 0 {
			continue
		}
		last = i
		if u < x {
			return nodes[i]
		}
		u -= x
	}
	return nodes[last] // rounding
}
