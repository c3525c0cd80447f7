package consensus

import (
	"github.com/threshold-ic/threshold/certify/bls"
)

// Proposal is a block signed by its maker with the maker's own key (the
// same key it uses for notarization and finalization shares). The signature
// binds the block to the proposer, so nobody else can claim its rank.
//
// Wire format: type byte 3, the Block (see Block), the 48-byte signature of
// blockVote("ic-block-proposal", height, block hash).
type Proposal struct {
	Block     Block
	Signature bls.Signature
}

// Type returns TypeProposal.
func (p *Proposal) Type() MessageType { return TypeProposal }

func (p *Proposal) height() uint64 { return p.Block.Height }
func (p *Proposal) signer() int    { return p.Block.Proposer }

// Append appends the canonical encoding of p to b.
func (p *Proposal) Append(b []byte) []byte {
	b = append(b, byte(TypeProposal))
	b = p.Block.Append(b)
	return append(b, p.Signature.Bytes()...)
}

func parseProposal(r *reader) *Proposal {
	p := &Proposal{Block: parseBlock(r)}
	p.Signature = r.signature("proposal signature")
	return p
}

// signProposal makes the proposal of bl with the maker's key.
func signProposal(sk *bls.SecretKey, bl Block) *Proposal {
	return &Proposal{Block: bl, Signature: sk.Sign(blockVote(domainProposal, bl.Height, bl.Hash()))}
}

// verify checks the maker's signature under pk.
func (p *Proposal) verify(pk *bls.PublicKey, hash Hash) bool {
	return pk.Verify(blockVote(domainProposal, p.Block.Height, hash), p.Signature)
}
