package consensus

import (
	"container/heap"
	"crypto/sha256"
	"math/rand/v2"
	"testing"
	"time"
)

// simNet is a deterministic in-process network: a virtual clock, a seeded
// scheduler that delivers every message after a random latency, and nodes
// that are ticked every tick. Messages go through the byte encoding.
type simNet struct {
	t       testing.TB
	sub     *testSubnet
	nodes   []*Node
	crashed []bool
	// mangle, if set, replaces what node from sends to node to (byzantine
	// behavior); it returns the byte strings to deliver.
	mangle func(from, to int, m Message) [][]byte

	now        time.Time
	tick       time.Duration
	minLatency time.Duration
	maxLatency time.Duration
	rng        *rand.Rand
	queue      deliveries
	seq        uint64

	batches  [][]Batch
	blocks   map[Hash]Block // every proposal sent, by hash
	rejected int            // Step errors at honest nodes
	trace    [32]byte       // running hash of everything sent and delivered
}

func newSimNet(t testing.TB, n int, seed uint64) *simNet {
	t.Helper()
	s := &simNet{
		t: t, sub: newTestSubnet(t, n, seed), crashed: make([]bool, n),
		now: genesisTime.Add(time.Second), tick: 5 * time.Millisecond,
		minLatency: 5 * time.Millisecond, maxLatency: 40 * time.Millisecond,
		rng: rand.New(rand.NewPCG(seed, 1)), batches: make([][]Batch, n),
		blocks: map[Hash]Block{},
	}
	for i := range n {
		s.nodes = append(s.nodes, s.sub.node(t, i))
	}
	return s
}

type delivery struct {
	at  time.Time
	seq uint64
	to  int
	b   []byte
}

type deliveries []delivery

func (d deliveries) Len() int { return len(d) }
func (d deliveries) Less(i, j int) bool {
	if !d[i].at.Equal(d[j].at) {
		return d[i].at.Before(d[j].at)
	}
	return d[i].seq < d[j].seq
}
func (d deliveries) Swap(i, j int) { d[i], d[j] = d[j], d[i] }
func (d *deliveries) Push(x any)   { *d = append(*d, x.(delivery)) }
func (d *deliveries) Pop() any {
	old := *d
	x := old[len(old)-1]
	*d = old[:len(old)-1]
	return x
}

func (s *simNet) mix(b []byte) { s.trace = sha256.Sum256(append(s.trace[:], b...)) }

// drain hands node i's Ready to the network.
func (s *simNet) drain(i int) {
	nd := s.nodes[i]
	if !nd.HasReady() {
		return
	}
	rd := nd.Ready()
	for _, m := range rd.Send {
		b := Encode(m)
		s.mix(b)
		if p, ok := m.(*Proposal); ok {
			s.blocks[p.Block.Hash()] = p.Block
		}
		for j := range s.nodes {
			if j == i || s.crashed[j] {
				continue
			}
			out := [][]byte{b}
			if s.mangle != nil {
				out = s.mangle(i, j, m)
			}
			for _, b := range out {
				lat := s.minLatency + time.Duration(s.rng.Int64N(int64(s.maxLatency-s.minLatency)+1))
				s.seq++
				heap.Push(&s.queue, delivery{at: s.now.Add(lat), seq: s.seq, to: j, b: b})
			}
		}
	}
	for _, b := range rd.Finalized {
		s.mix(b.Block[:])
		s.mix(b.Randomness[:])
	}
	s.batches[i] = append(s.batches[i], rd.Finalized...)
	nd.Advance()
}

// run advances virtual time until done reports true or limit passes; it
// reports whether done was reached.
func (s *simNet) run(limit time.Duration, done func() bool) bool {
	end := s.now.Add(limit)
	nextTick := s.now
	for s.now.Before(end) {
		if done() {
			return true
		}
		if len(s.queue) > 0 && !s.queue[0].at.After(nextTick) {
			d := heap.Pop(&s.queue).(delivery)
			s.now = d.at
			if s.crashed[d.to] {
				continue
			}
			m, err := ParseMessage(d.b)
			if err == nil {
				err = s.nodes[d.to].Step(m)
			}
			if err != nil {
				s.rejected++
			}
			s.drain(d.to)
			continue
		}
		s.now = nextTick
		nextTick = nextTick.Add(s.tick)
		for i, nd := range s.nodes {
			if !s.crashed[i] {
				nd.Tick(s.now)
				s.drain(i)
			}
		}
	}
	return done()
}

// allDelivered reports whether every live node delivered height h.
func (s *simNet) allDelivered(h uint64, skip ...int) func() bool {
	return func() bool {
		for i, nd := range s.nodes {
			if s.crashed[i] || contains(skip, i) {
				continue
			}
			if nd.Status().Delivered < h {
				return false
			}
		}
		return true
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// checkSafety fails unless the given nodes delivered the same batches at
// every height they both delivered, each height once and in order.
func (s *simNet) checkSafety(nodes []int) {
	s.t.Helper()
	for _, i := range nodes {
		for k, b := range s.batches[i] {
			if b.Height != uint64(k+1) {
				s.t.Fatalf("node %d: batch %d has height %d", i, k, b.Height)
			}
			if k > 0 && b.Time.Before(s.batches[i][k-1].Time) {
				s.t.Fatalf("node %d: time goes back at height %d", i, b.Height)
			}
		}
	}
	ref := nodes[0]
	for _, i := range nodes[1:] {
		a, b := s.batches[ref], s.batches[i]
		for k := range min(len(a), len(b)) {
			if a[k].Block != b[k].Block || a[k].Randomness != b[k].Randomness || !a[k].Time.Equal(b[k].Time) {
				s.t.Fatalf("height %d: node %d delivered %v, node %d delivered %v", k+1, ref, a[k].Block, i, b[k].Block)
			}
		}
	}
}
