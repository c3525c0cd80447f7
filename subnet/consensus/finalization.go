package consensus

import "github.com/threshold-ic/threshold/certify/bls"

// Finalization is the aggregate of at least n−f finalization shares on one
// block, a BLS multi-signature like Notarization. It makes the block and all
// its ancestors final: their batches are delivered, in height order,
// exactly once.
//
// Wire format: type byte 7, then height (8 bytes), block hash (32), signer
// count (2), signer indices (2 bytes each, strictly ascending) and the
// 48-byte aggregate signature.
type Finalization struct {
	Height    uint64
	Block     Hash
	Signers   []int // node indices, strictly ascending, at least n−f
	Signature bls.Signature
}

// Type returns TypeFinalization.
func (a *Finalization) Type() MessageType { return TypeFinalization }

func (a *Finalization) height() uint64 { return a.Height }
func (a *Finalization) signer() int    { return -1 }

// Append appends the canonical encoding of a to b.
func (a *Finalization) Append(b []byte) []byte {
	return (*aggregate)(a).appendTo(b, TypeFinalization)
}

func parseFinalization(r *reader) *Finalization {
	a := Finalization(parseAggregate(r))
	return &a
}
