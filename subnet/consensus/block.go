package consensus

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"
)

// MaxPayloadSize bounds a block payload on the wire (the IC's 4 MiB block
// payload limit). Config.MaxPayloadBytes may lower it.
const MaxPayloadSize = 4 << 20

// Block is the unit of agreement: one block per height, extending a
// notarized block of the height below.
//
// Wire format, inside a Proposal (integers big-endian):
//
//	parent    32 bytes  hash of the parent block
//	height     8 bytes  parent's height + 1, never 0
//	rank       2 bytes  the maker's block-maker rank at this height
//	proposer   2 bytes  the maker's node index
//	time       8 bytes  nanoseconds since the Unix epoch, ≤ 2^63−1
//	payload    4-byte length, then that many bytes (≤ MaxPayloadSize)
type Block struct {
	Parent   Hash
	Height   uint64
	Rank     int
	Proposer int
	// Time is the maker's clock when it proposed, never before the parent's
	// time; nodes accept it only if it is not too far ahead of their own
	// clock (Timing.MaxClockDrift). It is the time canisters see.
	Time time.Time
	// Payload is opaque to consensus: the application supplies it
	// (Config.Payload) and gets it back, finalized, in a Batch.
	Payload []byte
}

const blockFixedSize = 32 + 8 + 2 + 2 + 8 + 4

// Append appends the block's encoding to b.
func (bl *Block) Append(b []byte) []byte {
	b = append(b, bl.Parent[:]...)
	b = binary.BigEndian.AppendUint64(b, bl.Height)
	b = binary.BigEndian.AppendUint16(b, uint16(bl.Rank))
	b = binary.BigEndian.AppendUint16(b, uint16(bl.Proposer))
	b = binary.BigEndian.AppendUint64(b, timeNanos(bl.Time))
	b = binary.BigEndian.AppendUint32(b, uint32(len(bl.Payload)))
	return append(b, bl.Payload...)
}

// Hash returns the block's identity: SHA-256 over a domain separator and
// the encoding.
func (bl *Block) Hash() Hash {
	b := appendDomain(make([]byte, 0, 16+blockFixedSize+len(bl.Payload)), domainBlock)
	return sha256.Sum256(bl.Append(b))
}

func parseBlock(r *reader) Block {
	var bl Block
	bl.Parent = r.hash("parent")
	bl.Height = r.height()
	bl.Rank = int(r.u16("rank"))
	bl.Proposer = int(r.u16("proposer"))
	bl.Time = nanosTime(r.time("block time"))
	size := r.u32("payload length")
	if r.err == nil && size > MaxPayloadSize {
		r.err = fmt.Errorf("payload of %d bytes exceeds %d", size, MaxPayloadSize)
	}
	if p := r.take(int(size), "payload"); len(p) > 0 {
		bl.Payload = append([]byte(nil), p...)
	}
	return bl
}

// timeNanos is t as IC time: nanoseconds since the Unix epoch, with times
// before the epoch clamped to it.
func timeNanos(t time.Time) uint64 {
	if n := t.UnixNano(); n > 0 {
		return uint64(n)
	}
	return 0
}

// nanosTime is the inverse of timeNanos, in UTC and without a monotonic
// clock reading, so that equal encodings give == times.
func nanosTime(n uint64) time.Time { return time.Unix(0, int64(n)).UTC() }
