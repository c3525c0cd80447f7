package consensus

import (
	"errors"
	"testing"
	"time"
)

// started returns node 0 of a 4-node subnet that has entered round 1, with
// a valid rank-r proposal for height 1 made by the holder of that rank.
func started(t *testing.T) (*testSubnet, *Node, *Proposal) {
	t.Helper()
	sub := newTestSubnet(t, 4, 7)
	nd := sub.node(t, 0)
	nd.Tick(genesisTime.Add(time.Second))
	makers := nd.heights[1].makers
	genesis, _ := nd.heights[0].notarizedBlock()
	bl := Block{Parent: genesis.hash, Height: 1, Rank: 0, Proposer: makers[0], Time: genesisTime.Add(time.Second)}
	return sub, nd, signProposal(sub.secrets[makers[0]], bl)
}

// Invalid artifacts are rejected with a *RejectError naming the artifact
// and the sender, unwrapping to the reason.
func TestStepRejects(t *testing.T) {
	sub, nd, good := started(t)
	hash := good.Block.Hash()
	other := (good.Block.Proposer + 1) % 4
	share := func(h uint64, signer int, sigBy int) *NotarizationShare {
		return &NotarizationShare{Height: h, Block: hash, Signer: signer, Signature: sub.vote(domainNotarization, sigBy, h, hash)}
	}
	reRanked := good.Block
	reRanked.Rank = 1
	early := good.Block
	early.Time = genesisTime.Add(-time.Second)
	big := good.Block
	big.Payload = make([]byte, MaxPayloadSize+1)
	tests := []struct {
		name   string
		m      Message
		want   error
		signer int
	}{
		{"share signed by another key", share(1, other, good.Block.Proposer), ErrBadSignature, other},
		{"share for another height", &NotarizationShare{Height: 2, Block: hash, Signer: 1, Signature: sub.vote(domainNotarization, 1, 1, hash)}, ErrBadSignature, 1},
		{"share at height 0", share(0, 1, 1), ErrHeight, 1},
		{"share far ahead", share(1000, 1, 1), ErrHeight, 1},
		{"unknown signer", share(1, 4, 1), ErrUnknownSigner, 4},
		{"negative signer", share(1, -1, 1), ErrUnknownSigner, -1},
		{"finalization share in the notarization domain", &FinalizationShare{Height: 1, Block: hash, Signer: 2, Signature: sub.vote(domainNotarization, 2, 1, hash)}, ErrBadSignature, 2},
		{"beacon share of the wrong key", &BeaconShare{Height: 1, Signer: 2, Signature: sub.shares[3].Sign(beaconMessage(1, []byte("test genesis beacon"))).Signature}, ErrBadSignature, 2},
		{"forged beacon", &Beacon{Height: 1, Signature: sub.secrets[0].Sign(beaconMessage(1, []byte("test genesis beacon")))}, ErrBadSignature, -1},
		{"proposal signed by another node", &Proposal{Block: good.Block, Signature: sub.secrets[other].Sign(blockVote(domainProposal, 1, hash))}, ErrBadSignature, good.Block.Proposer},
		{"proposal with a rank its maker lacks", signProposal(sub.secrets[good.Block.Proposer], reRanked), ErrRank, good.Block.Proposer},
		{"proposal with rank beyond f", signProposal(sub.secrets[0], Block{Height: 1, Rank: 2}), ErrRank, 0},
		{"proposal before its parent's time", signProposal(sub.secrets[good.Block.Proposer], early), ErrBlockTime, good.Block.Proposer},
		{"oversized payload", &Proposal{Block: big}, ErrPayload, good.Block.Proposer},
		{"notarization with too few signers", &Notarization{Height: 1, Block: hash, Signers: []int{0, 1}}, ErrSigners, -1},
		{"notarization with an unknown signer", &Notarization{Height: 1, Block: hash, Signers: []int{0, 1, 9}}, ErrUnknownSigner, -1},
		{"notarization with a wrong aggregate", &Notarization{Height: 1, Block: hash, Signers: []int{0, 1, 2}, Signature: sub.vote(domainNotarization, 0, 1, hash)}, ErrBadSignature, -1},
		{"finalization with an empty signature", &Finalization{Height: 1, Block: hash, Signers: []int{0, 1, 2}}, ErrBadSignature, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := nd.Step(tc.m)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Step = %v, want %v", err, tc.want)
			}
			var re *RejectError
			if !errors.As(err, &re) || re.Signer != tc.signer || re.Type != tc.m.Type() {
				t.Fatalf("Step = %#v, want a RejectError for %v from %d", err, tc.m.Type(), tc.signer)
			}
		})
	}
	if err := nd.Step(good); err != nil {
		t.Fatalf("valid proposal: %v", err)
	}
	if err := nd.Step(nil); !errors.Is(err, ErrMalformed) {
		t.Fatalf("nil message: %v", err)
	}
	if err := nd.Step((*Proposal)(nil)); !errors.Is(err, ErrMalformed) {
		t.Fatalf("typed nil message: %v", err)
	}
}

// A valid share that arrives before the block it votes for waits for it.
func TestShareWaitsForBlock(t *testing.T) {
	sub, nd, good := started(t)
	hash := good.Block.Hash()
	for i := 1; i < 4; i++ {
		s := &NotarizationShare{Height: 1, Block: hash, Signer: i, Signature: sub.vote(domainNotarization, i, 1, hash)}
		if err := nd.Step(s); err != nil {
			t.Fatal(err)
		}
	}
	if nd.heights[1].anyNotarized() {
		t.Fatal("notarized a block never seen")
	}
	if err := nd.Step(good); err != nil {
		t.Fatal(err)
	}
	if !nd.heights[1].notarized[hash] {
		t.Fatal("parked shares were not counted once the block arrived")
	}
}
