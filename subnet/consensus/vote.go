package consensus

import (
	"encoding/binary"
	"fmt"

	"github.com/threshold-ic/threshold/certify/bls"
)

// vote is the common shape of notarization and finalization shares: one
// node's signature, with its own key, of blockVote(domain, height, block).
//
// Wire format after the type byte: height (8 bytes), block hash (32),
// signer index (2), signature (48).
type vote struct {
	Height    uint64
	Block     Hash
	Signer    int
	Signature bls.Signature
}

func (v *vote) appendTo(b []byte, t MessageType) []byte {
	b = append(b, byte(t))
	b = binary.BigEndian.AppendUint64(b, v.Height)
	b = append(b, v.Block[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(v.Signer))
	return append(b, v.Signature.Bytes()...)
}

func parseVote(r *reader) vote {
	v := vote{Height: r.height()}
	v.Block = r.hash("block hash")
	v.Signer = int(r.u16("signer"))
	v.Signature = r.signature("signature share")
	return v
}

// aggregate is the common shape of notarizations and finalizations: the
// multi-signature of at least n−f nodes on the same blockVote, i.e. the sum
// of their signatures, verified under the sum of their public keys.
//
// Wire format after the type byte: height (8 bytes), block hash (32),
// signer count (2), the signer indices (2 bytes each, strictly ascending),
// the aggregate signature (48).
type aggregate struct {
	Height    uint64
	Block     Hash
	Signers   []int
	Signature bls.Signature
}

func (a *aggregate) appendTo(b []byte, t MessageType) []byte {
	b = append(b, byte(t))
	b = binary.BigEndian.AppendUint64(b, a.Height)
	b = append(b, a.Block[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(a.Signers)))
	for _, s := range a.Signers {
		b = binary.BigEndian.AppendUint16(b, uint16(s))
	}
	return append(b, a.Signature.Bytes()...)
}

func parseAggregate(r *reader) aggregate {
	a := aggregate{Height: r.height()}
	a.Block = r.hash("block hash")
	count := int(r.u16("signer count"))
	if r.err == nil && (count == 0 || len(r.b) < 2*count) {
		r.err = fmt.Errorf("%d signers in %d bytes", count, len(r.b))
	}
	if r.err == nil {
		a.Signers = make([]int, count)
	}
	for i := range a.Signers {
		a.Signers[i] = int(r.u16("signer"))
		if r.err == nil && i > 0 && a.Signers[i] <= a.Signers[i-1] {
			r.err = fmt.Errorf("signers not strictly ascending at %d", i)
		}
	}
	a.Signature = r.signature("aggregate signature")
	return a
}

// checkSigners validates a signer list against n nodes and the quorum.
// Ascending order is checked too, for aggregates built in memory.
func checkSigners(signers []int, n, quorum int) error {
	if len(signers) < quorum {
		return fmt.Errorf("%w: %d signers, quorum is %d", ErrSigners, len(signers), quorum)
	}
	for i, s := range signers {
		if s < 0 || s >= n {
			return fmt.Errorf("%w: signer %d of %d nodes", ErrUnknownSigner, s, n)
		}
		if i > 0 && s <= signers[i-1] {
			return fmt.Errorf("%w: signers not strictly ascending", ErrMalformed)
		}
	}
	return nil
}
