package consensus

// NotarizationShare is one node's statement that a block is valid and was
// the lowest-rank block it saw once the notary delay for that rank had
// passed. A node may notarize several blocks of a height (it escalates to
// higher ranks as delays pass); n−f shares on one block make a
// Notarization.
//
// Wire format: type byte 4, then height (8 bytes), block hash (32), signer
// index (2) and the signer's 48-byte signature of
// blockVote("ic-notarization", height, block hash).
type NotarizationShare vote

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
