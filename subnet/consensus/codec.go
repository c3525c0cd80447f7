package consensus

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/threshold-ic/threshold/certify/bls"
)

// MessageType tags each artifact on the wire; it is the first byte of every
// encoded message.
type MessageType uint8

// The artifacts of the protocol, in the order a round produces them.
const (
	TypeBeaconShare       MessageType = 1 // a node's share of the next random beacon
	TypeBeacon            MessageType = 2 // the combined random beacon of a height
	TypeProposal          MessageType = 3 // a block signed by its maker
	TypeNotarizationShare MessageType = 4 // a node's vote that a block is valid and timely
	TypeNotarization      MessageType = 5 // n−f notarization shares, aggregated
	TypeFinalizationShare MessageType = 6 // a node's vote that it notarized no other block
	TypeFinalization      MessageType = 7 // n−f finalization shares, aggregated
)

var typeNames = [...]string{"", "beacon share", "beacon", "proposal", "notarization share",
	"notarization", "finalization share", "finalization"}

func (t MessageType) String() string {
	if int(t) < len(typeNames) && t != 0 {
		return typeNames[t]
	}
	return fmt.Sprintf("message type %d", uint8(t))
}

// Message is one consensus artifact: what nodes gossip to each other. The
// concrete types are *BeaconShare, *Beacon, *Proposal, *NotarizationShare,
// *Notarization, *FinalizationShare and *Finalization; the interface is
// sealed.
//
// Append writes the canonical encoding: the type byte followed by the fields
// in fixed order, integers big-endian. ParseMessage accepts exactly that
// encoding and nothing else, so every artifact has one byte form.
type Message interface {
	Type() MessageType
	Append(b []byte) []byte
	height() uint64
	signer() int // -1 for aggregates
}

// ParseMessage decodes one message that must fill b exactly. Signatures are
// parsed and checked for subgroup membership here; whether they verify is
// Step's business. It never panics; errors wrap ErrMalformed.
func ParseMessage(b []byte) (Message, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrMalformed)
	}
	r := reader{b: b[1:]}
	var m Message
	switch MessageType(b[0]) {
	case TypeBeaconShare:
		m = parseBeaconShare(&r)
	case TypeBeacon:
		m = parseBeacon(&r)
	case TypeProposal:
		m = parseProposal(&r)
	case TypeNotarizationShare:
		m = parseNotarizationShare(&r)
	case TypeNotarization:
		m = parseNotarization(&r)
	case TypeFinalizationShare:
		m = parseFinalizationShare(&r)
	case TypeFinalization:
		m = parseFinalization(&r)
	default:
		return nil, fmt.Errorf("%w: unknown type %d", ErrMalformed, b[0])
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: %v: %w", ErrMalformed, MessageType(b[0]), r.err)
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %v: %d trailing bytes", ErrMalformed, MessageType(b[0]), len(r.b))
	}
	return m, nil
}

// Encode returns m's canonical encoding.
func Encode(m Message) []byte { return m.Append(nil) }

// reader consumes a byte slice field by field. After the first error every
// read returns zero values, so parsers read straight through and check err
// once at the end.
type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || len(r.b) < n {
		r.err = fmt.Errorf("truncated %s: %d bytes left, need %d", what, len(r.b), n)
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u64(what string) uint64 {
	if v := r.take(8, what); v != nil {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func (r *reader) u32(what string) uint32 {
	if v := r.take(4, what); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

func (r *reader) u16(what string) uint16 {
	if v := r.take(2, what); v != nil {
		return binary.BigEndian.Uint16(v)
	}
	return 0
}

func (r *reader) hash(what string) Hash {
	var h Hash
	copy(h[:], r.take(len(h), what))
	return h
}

// signature reads a 48-byte compressed G1 point and validates it.
func (r *reader) signature(what string) bls.Signature {
	v := r.take(bls.SignatureSize, what)
	if v == nil {
		return bls.Signature{}
	}
	s, err := bls.SignatureFromBytes(v)
	if err != nil {
		r.err = fmt.Errorf("%s: %w", what, err)
	}
	return s
}

// height reads a height; 0 is the genesis height and never an artifact's.
func (r *reader) height() uint64 {
	h := r.u64("height")
	if r.err == nil && h == 0 {
		r.err = fmt.Errorf("height 0")
	}
	return h
}

// time reads nanoseconds since the Unix epoch; they must fit an int64.
func (r *reader) time(what string) uint64 {
	v := r.u64(what)
	if r.err == nil && v > math.MaxInt64 {
		r.err = fmt.Errorf("%s %d out of range", what, v)
	}
	return v
}
