package consensus

import "github.com/threshold-ic/threshold/certify/bls"

// FinalizationShare is one node's statement that a block of a height is
// notarized and that it notarized no other block of that height. n−f shares
// on one block make a Finalization: then no other block of the height can
// ever be notarized, and the block and its ancestors are final.
//
// Wire format: type byte 6, then height (8 bytes), block hash (32), signer
// index (2) and the signer's 48-byte signature of
// blockVote("ic-finalization", height, block hash).
type FinalizationShare struct {
	Height    uint64
	Block     Hash
	Signer    int
	Signature bls.Signature
}

// Type returns TypeFinalizationShare.
func (s *FinalizationShare) Type() MessageType { return TypeFinalizationShare }

func (s *FinalizationShare) height() uint64 { return s.Height }
func (s *FinalizationShare) signer() int    { return s.Signer }

// Append appends the canonical encoding of s to b.
func (s *FinalizationShare) Append(b []byte) []byte {
	return (*vote)(s).appendTo(b, TypeFinalizationShare)
}

func parseFinalizationShare(r *reader) *FinalizationShare {
	v := FinalizationShare(parseVote(r))
	return &v
}

// signFinalizationShare makes node self's finalization share for block.
func signFinalizationShare(sk *bls.SecretKey, self int, h uint64, block Hash) *FinalizationShare {
	return &FinalizationShare{Height: h, Block: block, Signer: self,
		Signature: sk.Sign(blockVote(domainFinalization, h, block))}
}
