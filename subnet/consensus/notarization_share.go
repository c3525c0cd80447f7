package consensus

import "github.com/threshold-ic/threshold/certify/bls"

// NotarizationShare is one node's statement that a block is valid and was
// the lowest-rank block it saw once the notary delay for that rank had
// passed. A node may notarize several blocks of a height (it escalates to
// higher ranks as delays pass); n−f shares on one block make a
// Notarization.
//
// Wire format: type byte 4, then height (8 bytes), block hash (32), signer
// index (2) and the signer's 48-byte signature of
// blockVote("ic-notarization", height, block hash).
type NotarizationShare struct {
	Height    uint64
	Block     Hash
	Signer    int
	Signature bls.Signature
}

// Type returns TypeNotarizationShare.
func (s *NotarizationShare) Type() MessageType { return TypeNotarizationShare }

func (s *NotarizationShare) height() uint64 { return s.Height }
func (s *NotarizationShare) signer() int    { return s.Signer }

// Append appends the canonical encoding of s to b.
func (s *NotarizationShare) Append(b []byte) []byte {
	return (*vote)(s).appendTo(b, TypeNotarizationShare)
}

func parseNotarizationShare(r *reader) *NotarizationShare {
	v := NotarizationShare(parseVote(r))
	return &v
}

// signNotarizationShare makes node self's notarization share for block.
func signNotarizationShare(sk *bls.SecretKey, self int, h uint64, block Hash) *NotarizationShare {
	return &NotarizationShare{Height: h, Block: block, Signer: self,
		Signature: sk.Sign(blockVote(domainNotarization, h, block))}
}
