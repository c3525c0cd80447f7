package consensus

import (
	"crypto/sha256"
	"encoding/binary"
)

// Block-maker ranking. The beacon of height h−1 seeds a deterministic
// shuffle of the node indices; the first f+1 nodes of the shuffle are the
// block makers of height h, rank 0 first. f+1 is the fewest that still
// includes an honest maker (the IC's get_block_maker_rank). Every node
// computes the same ranking from the same beacon; nobody can predict it
// before f+1 nodes release their beacon shares.

// ranking returns the block makers of height h, by rank, given the value
// of the beacon of height h−1.
func ranking(n int, h uint64, prevBeacon []byte) []int {
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	seed := appendDomain(nil, domainRanking)
	seed = binary.BigEndian.AppendUint64(seed, h)
	rng := newHashStream(sha256.Sum256(append(seed, prevBeacon...)))
	for i := n - 1; i > 0; i-- { // Fisher–Yates
		j := rng.below(uint64(i + 1))
		perm[i], perm[j] = perm[j], perm[i]
	}
	return perm[:faults(n)+1]
}

// rankOf returns node's rank in makers, or -1 if it makes no block.
func rankOf(makers []int, node int) int {
	for r, m := range makers {
		if m == node {
			return r
		}
	}
	return -1
}

// hashStream is a deterministic random stream: SHA-256 of a seed and a
// counter, read 8 bytes at a time.
type hashStream struct {
	seed    [32]byte
	counter uint64
	buf     [32]byte
	off     int
}

func newHashStream(seed [32]byte) *hashStream {
	return &hashStream{seed: seed, off: len(Hash{})}
}

func (s *hashStream) uint64() uint64 {
	if s.off+8 > len(s.buf) {
		var in [40]byte
		copy(in[:], s.seed[:])
		binary.BigEndian.PutUint64(in[32:], s.counter)
		s.counter++
		s.buf = sha256.Sum256(in[:])
		s.off = 0
	}
	v := binary.BigEndian.Uint64(s.buf[s.off:])
	s.off += 8
	return v
}

// below returns a uniform value in [0, bound), bound > 0, by rejection
// sampling, so the shuffle has no modulo bias.
func (s *hashStream) below(bound uint64) uint64 {
	limit := ^uint64(0) - ^uint64(0)%bound // largest multiple of bound
	for {
		if v := s.uint64(); v < limit {
			return v % bound
		}
	}
}
