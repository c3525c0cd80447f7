package consensus

import (
	"encoding/binary"

	"github.com/threshold-ic/threshold/certify/bls"
)

// Beacon is the random beacon of a height: the threshold signature of the
// subnet's beacon key on the previous beacon (threshold relay). The beacon
// of height h−1 ranks the block makers of height h; the beacon of height
// h+1 seeds the randomness of the batch of height h. The beacon of height 0
// is Config.GenesisBeacon.
//
// Wire format: type byte 2, height (8 bytes), the 48-byte signature of
// beaconMessage(height, previous beacon value).
type Beacon struct {
	Height    uint64
	Signature bls.Signature
}

// Type returns TypeBeacon.
func (b *Beacon) Type() MessageType { return TypeBeacon }

func (b *Beacon) height() uint64 { return b.Height }
func (b *Beacon) signer() int    { return -1 }

// Append appends the canonical encoding of b to buf.
func (b *Beacon) Append(buf []byte) []byte {
	buf = append(buf, byte(TypeBeacon))
	buf = binary.BigEndian.AppendUint64(buf, b.Height)
	return append(buf, b.Signature.Bytes()...)
}

func parseBeacon(r *reader) *Beacon {
	b := &Beacon{Height: r.height()}
	b.Signature = r.signature("beacon")
	return b
}
