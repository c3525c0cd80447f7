package consensus

import (
	"testing"
	"time"
)

// byzantine makes nodes in bad equivocate and spray garbage: a bad maker
// sends one block to even-numbered nodes and another to odd-numbered ones;
// bad voters sign notarization and finalization shares for every block of
// the height they know of; every message of theirs comes with malformed,
// wrongly signed and unknown-signer variants.
func byzantine(s *simNet, bad []int) func(from, to int, m Message) [][]byte {
	return func(from, to int, m Message) [][]byte {
		b := Encode(m)
		if !contains(bad, from) {
			return [][]byte{b}
		}
		sk := s.sub.secrets[from]
		var out [][]byte
		switch m := m.(type) {
		case *Proposal:
			if to%2 == 1 {
				evil := m.Block
				evil.Payload = append([]byte("evil "), evil.Payload...)
				b = Encode(signProposal(sk, evil))
				s.blocks[evil.Hash()] = evil
			}
		case *NotarizationShare:
			for h, bl := range s.blocks {
				if bl.Height == m.Height && h != m.Block {
					out = append(out, Encode(&NotarizationShare{Height: m.Height, Block: h, Signer: from,
						Signature: s.sub.vote(domainNotarization, from, m.Height, h)}))
				}
			}
		case *FinalizationShare:
			for h, bl := range s.blocks {
				if bl.Height == m.Height && h != m.Block {
					out = append(out, Encode(&FinalizationShare{Height: m.Height, Block: h, Signer: from,
						Signature: s.sub.vote(domainFinalization, from, m.Height, h)}))
				}
			}
		}
		out = append(out, b, b[:len(b)/2], append(append([]byte(nil), b...), 0))
		if v, ok := m.(*NotarizationShare); ok {
			wrong := *v
			wrong.Signature = s.sub.vote(domainFinalization, from, v.Height, v.Block) // wrong domain
			unknown := *v
			unknown.Signer = s.sub.n + 3
			out = append(out, Encode(&wrong), Encode(&unknown))
		}
		return out
	}
}

// n = 7 with two byzantine nodes (f = 2): the five honest nodes agree on
// every height and keep finalizing.
func TestSevenNodesTwoByzantine(t *testing.T) {
	s := newSimNet(t, 7, 6)
	bad := []int{5, 6}
	s.mangle = byzantine(s, bad)
	if !s.run(5*time.Minute, s.allDelivered(20, bad...)) {
		for i, nd := range s.nodes {
			t.Logf("node %d: %+v", i, nd.Status())
		}
		t.Fatal("honest nodes stopped finalizing")
	}
	s.checkSafety([]int{0, 1, 2, 3, 4})
	if s.rejected == 0 {
		t.Error("garbage was accepted")
	}
	t.Logf("%d artifacts rejected; honest node 0 at %v after %v", s.rejected, s.nodes[0].Status(), s.now.Sub(genesisTime))
}
