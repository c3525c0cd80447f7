package consensus

import "github.com/threshold-ic/threshold/certify/bls"

// Notarization is the aggregate of at least n−f notarization shares on one
// block: a BLS multi-signature (the sum of the signers' signatures, checked
// under the sum of their public keys). A notarized block may be extended;
// once a node sees one at height h it stops notarizing at h.
//
// Wire format: type byte 5, then height (8 bytes), block hash (32), signer
// count (2), signer indices (2 bytes each, strictly ascending) and the
// 48-byte aggregate signature.
type Notarization struct {
	Height    uint64
	Block     Hash
	Signers   []int // node indices, strictly ascending, at least n−f
	Signature bls.Signature
}

// Type returns TypeNotarization.
func (a *Notarization) Type() MessageType { return TypeNotarization }

func (a *Notarization) height() uint64 { return a.Height }
func (a *Notarization) signer() int    { return -1 }

// Append appends the canonical encoding of a to b.
func (a *Notarization) Append(b []byte) []byte {
	return (*aggregate)(a).appendTo(b, TypeNotarization)
}

func parseNotarization(r *reader) *Notarization {
	a := Notarization(parseAggregate(r))
	return &a
}
