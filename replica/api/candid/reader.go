package candid

import (
	"math/big"
)

// Decoding limits; see the package documentation.
const (
	maxTypes    = 1 << 14 // type table entries
	maxDepth    = 1024    // nesting of values and of subtype checks
	costBase    = 1 << 14 // budget units every message gets
	costPerByte = 4       // budget units per message byte consumed
)

// reader is a cursor over a message with the decoding meter.
type reader struct {
	b     []byte
	pos   int
	used  int // budget units spent
	depth int
}

func (r *reader) remaining() int { return len(r.b) - r.pos }

// charge spends n units of the budget. The budget grows with the bytes
// consumed so far, so values that cost nothing on the wire (null, reserved,
// empty records) can only be materialised or skipped costBase times, however
// long the message is.
func (r *reader) charge(n int) error {
	r.used += n
	if r.used > costBase+costPerByte*r.pos {
		return limitf("decoding cost budget exhausted")
	}
	return nil
}

// enter accounts for one value node: depth and cost. Pair it with leave.
func (r *reader) enter() error {
	r.depth++
	if r.depth > maxDepth {
		return limitf("values nested deeper than %d", maxDepth)
	}
	return r.charge(1)
}

func (r *reader) leave() { r.depth-- }

func (r *reader) byte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, invalidf("unexpected end of message at byte %d", r.pos)
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

// take returns the next n bytes without copying.
func (r *reader) take(n uint64) ([]byte, error) {
	if n > uint64(r.remaining()) {
		return nil, invalidf("length %d at byte %d exceeds the %d bytes left", n, r.pos, r.remaining())
	}
	s := r.b[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return s, nil
}

// uleb reads an unsigned LEB128 number that must fit 64 bits. Overlong
// encodings (trailing zero groups) are accepted, as the spec's tests demand.
func (r *reader) uleb() (uint64, error) {
	var x uint64
	for shift := uint(0); ; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		g := uint64(c & 0x7f)
		switch {
		case shift < 63:
			x |= g << shift
		case shift == 63 && g <= 1:
			x |= g << shift
		case g != 0:
			return 0, invalidf("LEB128 number overflows 64 bits at byte %d", r.pos)
		}
		if c&0x80 == 0 {
			return x, nil
		}
	}
}

// sleb reads a signed LEB128 number that must fit 64 bits.
func (r *reader) sleb() (int64, error) {
	var x int64
	shift := uint(0)
	for {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		if shift < 64 {
			x |= int64(c&0x7f) << shift
		} else if c&0x7f != 0 && c&0x7f != 0x7f {
			return 0, invalidf("SLEB128 number overflows 64 bits at byte %d", r.pos)
		}
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				x |= -1 << shift
			}
			return x, nil
		}
	}
}

// lebBytes returns the bytes of the next LEB128 number.
func (r *reader) lebBytes() ([]byte, error) {
	start := r.pos
	for {
		c, err := r.byte()
		if err != nil {
			return nil, err
		}
		if c&0x80 == 0 {
			return r.b[start:r.pos], nil
		}
	}
}

// bigNat reads an unsigned LEB128 number of any size.
func (r *reader) bigNat() (*big.Int, error) {
	g, err := r.lebBytes()
	if err != nil {
		return nil, err
	}
	if len(g) <= 9 {
		var x uint64
		for i := len(g) - 1; i >= 0; i-- {
			x = x<<7 | uint64(g[i]&0x7f)
		}
		return new(big.Int).SetUint64(x), nil
	}
	return new(big.Int).SetBytes(lebGroups(g)), nil
}

// bigInt reads a signed LEB128 number of any size.
func (r *reader) bigInt() (*big.Int, error) {
	g, err := r.lebBytes()
	if err != nil {
		return nil, err
	}
	neg := g[len(g)-1]&0x40 != 0
	if len(g) <= 9 {
		var x int64
		for i := len(g) - 1; i >= 0; i-- {
			x = x<<7 | int64(g[i]&0x7f)
		}
		if neg {
			x |= -1 << (7 * uint(len(g)))
		}
		return big.NewInt(x), nil
	}
	x := new(big.Int).SetBytes(lebGroups(g))
	if neg {
		x.Sub(x, new(big.Int).Lsh(big.NewInt(1), uint(7*len(g))))
	}
	return x, nil
}
