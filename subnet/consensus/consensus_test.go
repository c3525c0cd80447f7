package consensus

import (
	"fmt"
	"testing"
	"time"
)

// One node is the degenerate subnet: every quorum is 1, the node makes,
// notarizes and finalizes its own blocks, one round per NotaryDelay.
func TestSingleNodeFinalizesEveryHeight(t *testing.T) {
	sub := newTestSubnet(t, 1, 1)
	cfg := sub.config(0)
	cfg.Timing = Timing{} // defaults: 100 ms rounds
	nd, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	start := genesisTime.Add(time.Second)
	var batches []Batch
	now := start
	for ; len(batches) < 100 && now.Before(start.Add(time.Minute)); now = now.Add(time.Millisecond) {
		nd.Tick(now)
		if nd.HasReady() {
			batches = append(batches, nd.Ready().Finalized...)
			nd.Advance()
		}
	}
	if len(batches) != 100 {
		t.Fatalf("finalized %d heights in a minute, want 100", len(batches))
	}
	for k, b := range batches {
		h := uint64(k + 1)
		if b.Height != h || string(b.Payload) != fmt.Sprintf("h%d/n0", h) {
			t.Fatalf("batch %d: height %d payload %q", k, b.Height, b.Payload)
		}
	}
	// The first round ends NotaryDelay after the first Tick, and every
	// round after that takes one NotaryDelay.
	if got, want := now.Sub(start), 100*DefaultTiming().NotaryDelay; got < want || got > want+10*time.Millisecond {
		t.Errorf("100 rounds took %v, want about %v", got, want)
	}
}

// Safety and liveness with four honest nodes.
func TestFourNodesAgree(t *testing.T) {
	s := newSimNet(t, 4, 2)
	if !s.run(time.Minute, s.allDelivered(40)) {
		t.Fatalf("no progress: %+v", s.nodes[0].Status())
	}
	s.checkSafety([]int{0, 1, 2, 3})
	if s.rejected != 0 {
		t.Errorf("%d honest artifacts rejected", s.rejected)
	}
}

// n = 4 tolerates one crashed node.
func TestFourNodesOneCrashed(t *testing.T) {
	s := newSimNet(t, 4, 3)
	s.crashed[2] = true
	if !s.run(2*time.Minute, s.allDelivered(30)) {
		t.Fatalf("no progress: %+v", s.nodes[0].Status())
	}
	s.checkSafety([]int{0, 1, 3})
	for _, b := range s.batches[0] {
		if s.blocks[b.Block].Proposer == 2 {
			t.Fatalf("height %d: block of the crashed node", b.Height)
		}
	}
}

// When the rank-0 maker is down, the rank-1 maker's block gets finalized
// after RankDelay.
func TestRankOneBlockWhenRankZeroCrashed(t *testing.T) {
	s := newSimNet(t, 4, 4)
	s.crashed[1] = true
	if !s.run(2*time.Minute, s.allDelivered(30)) {
		t.Fatalf("no progress: %+v", s.nodes[0].Status())
	}
	s.checkSafety([]int{0, 2, 3})
	rankOne := 0
	for _, b := range s.batches[0] {
		bl := s.blocks[b.Block]
		if bl.Rank == 1 {
			rankOne++
		}
		if bl.Proposer == 1 {
			t.Fatalf("height %d: block of the crashed node", b.Height)
		}
	}
	if rankOne == 0 {
		t.Fatal("node 1 never had rank 0 in 30 heights; pick another seed")
	}
	t.Logf("%d of %d finalized blocks have rank 1", rankOne, len(s.batches[0]))
}

// The same seed gives the same run, byte for byte.
func TestDeterministic(t *testing.T) {
	trace := func() [32]byte {
		s := newSimNet(t, 4, 5)
		s.run(time.Minute, s.allDelivered(15))
		return s.trace
	}
	if a, b := trace(), trace(); a != b {
		t.Fatalf("two runs with the same inputs differ: %x vs %x", a, b)
	}
}
