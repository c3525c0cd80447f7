package threshold

import (
	"encoding/binary"
	"fmt"

	"github.com/threshold-ic/threshold/certify/bls"
)

// Dealing wire format, version 1 (all integers big-endian):
//
//	version    1 byte  = 1
//	t          2 bytes   1 ≤ t ≤ n
//	n          2 bytes   n ≤ MaxNodes
//	C_0..C_{t−1}  t × 96 bytes, compressed G2 points
//
// Every commitment must be a valid public key (canonical, on the curve, in
// the subgroup, not infinity). There is exactly one encoding per dealing.
const (
	dealingVersion    = 1
	dealingHeaderSize = 5
)

// EncodedSize returns the length of the dealing's encoding.
func (d *Dealing) EncodedSize() int {
	return dealingHeaderSize + len(d.commitments)*bls.PublicKeySize
}

// Append appends the encoding of d to b.
func (d *Dealing) Append(b []byte) []byte {
	b = append(b, dealingVersion)
	b = binary.BigEndian.AppendUint16(b, uint16(len(d.commitments)))
	b = binary.BigEndian.AppendUint16(b, uint16(d.n))
	for _, c := range d.commitments {
		b = append(b, c.Bytes()...)
	}
	return b
}

// Bytes returns the encoding of d.
func (d *Dealing) Bytes() []byte { return d.Append(make([]byte, 0, d.EncodedSize())) }

// ParseDealing decodes a dealing at the start of b and returns it with the
// number of bytes it occupied; bytes after it are left to the caller.
func ParseDealing(b []byte) (*Dealing, int, error) {
	if len(b) < dealingHeaderSize {
		return nil, 0, fmt.Errorf("%w: %d bytes, header needs %d", ErrMalformedDealing, len(b), dealingHeaderSize)
	}
	if b[0] != dealingVersion {
		return nil, 0, fmt.Errorf("%w: unknown version %d", ErrMalformedDealing, b[0])
	}
	t := int(binary.BigEndian.Uint16(b[1:]))
	n := int(binary.BigEndian.Uint16(b[3:]))
	if err := checkParams(t, n); err != nil {
		return nil, 0, fmt.Errorf("%w: %w", ErrMalformedDealing, err)
	}
	size := dealingHeaderSize + t*bls.PublicKeySize
	if len(b) < size {
		return nil, 0, fmt.Errorf("%w: %d bytes, %d commitments need %d", ErrMalformedDealing, len(b), t, size)
	}
	commitments := make([]*bls.PublicKey, t)
	for j := range commitments {
		off := dealingHeaderSize + j*bls.PublicKeySize
		c, err := bls.PublicKeyFromBytes(b[off : off+bls.PublicKeySize])
		if err != nil {
			return nil, 0, fmt.Errorf("%w: commitment %d: %w", ErrMalformedDealing, j, err)
		}
		commitments[j] = c
	}
	return &Dealing{n: n, commitments: commitments}, size, nil
}

// DealingFromBytes decodes a dealing that must fill b exactly.
func DealingFromBytes(b []byte) (*Dealing, error) {
	d, size, err := ParseDealing(b)
	if err != nil {
		return nil, err
	}
	if size != len(b) {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrMalformedDealing, len(b)-size)
	}
	return d, nil
}
