package consensus

import (
	"testing"
	"time"
)

// benchmarkRounds measures the CPU cost of one finalized height for a whole
// simulated subnet of n nodes (all nodes' work, crypto included).
func benchmarkRounds(b *testing.B, n int) {
	s := newSimNet(b, n, 11)
	b.ResetTimer()
	target := uint64(b.N)
	if !s.run(time.Duration(b.N+10)*10*time.Second, s.allDelivered(target)) {
		b.Fatalf("stalled at %+v", s.nodes[0].Status())
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rounds/s")
}

func BenchmarkRoundsN1(b *testing.B) { benchmarkRounds(b, 1) }
func BenchmarkRoundsN4(b *testing.B) { benchmarkRounds(b, 4) }
func BenchmarkRoundsN7(b *testing.B) { benchmarkRounds(b, 7) }

// BenchmarkVerifyNotarizationShare is the cost of checking one peer's vote.
func BenchmarkVerifyNotarizationShare(b *testing.B) {
	sub := newTestSubnet(b, 4, 12)
	nd := sub.node(b, 0)
	hash := Hash{9}
	sig := sub.vote(domainNotarization, 2, 5, hash)
	for b.Loop() {
		if !nd.keys.verifyVote(domainNotarization, 5, hash, 2, sig) {
			b.Fatal("share does not verify")
		}
	}
}

// BenchmarkVerifyNotarization13 checks a 9-of-13 aggregate: one pairing
// check however many signers.
func BenchmarkVerifyNotarization13(b *testing.B) {
	sub := newTestSubnet(b, 13, 13)
	nd := sub.node(b, 0)
	hash := Hash{9}
	set := shareSet{}
	for i := range nd.quorum {
		set[i] = sub.vote(domainNotarization, i, 5, hash)
	}
	a, err := set.combine(5, hash, nd.quorum)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		clear(nd.keys.cache) // include summing the keys
		if !nd.keys.verifyAggregate(domainNotarization, &a) {
			b.Fatal("aggregate does not verify")
		}
	}
}

// BenchmarkVerifyBeaconShare is the cost of checking one beacon share.
func BenchmarkVerifyBeaconShare(b *testing.B) {
	sub := newTestSubnet(b, 4, 14)
	nd := sub.node(b, 0)
	prev := []byte("previous beacon")
	sh := signBeaconShare(sub.shares[2], 5, prev)
	for b.Loop() {
		if !nd.beaconKeys[2].Verify(beaconMessage(5, prev), sh.Signature) {
			b.Fatal("beacon share does not verify")
		}
	}
}

// BenchmarkParseProposal measures decoding a proposal with a 1 KiB payload.
func BenchmarkParseProposal(b *testing.B) {
	sub := newTestSubnet(b, 4, 15)
	p := signProposal(sub.secrets[0], Block{Height: 3, Time: genesisTime, Payload: make([]byte, 1024)})
	enc := Encode(p)
	b.SetBytes(int64(len(enc)))
	for b.Loop() {
		if _, err := ParseMessage(enc); err != nil {
			b.Fatal(err)
		}
	}
}
