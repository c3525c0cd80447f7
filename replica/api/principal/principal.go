package principal

import (
	"bytes"
	"errors"
	"fmt"
)

// MaxLength is the largest number of bytes in a principal.
const MaxLength = 29

// Principal is a principal id: up to 29 bytes. It is comparable; two
// Principals are == exactly when their bytes are equal.
type Principal struct {
	n uint8
	b [MaxLength]byte
}

// Management is the management canister aaaaa-aa (the empty principal).
var Management = Principal{}

// Anonymous is the anonymous principal 2vxsx-fae (the single byte 0x04).
var Anonymous = Principal{n: 1, b: [MaxLength]byte{0x04}}

// ErrBytesTooLong reports a principal of more than 29 bytes.
var ErrBytesTooLong = errors.New("principal: more than 29 bytes")

// FromBytes returns the principal with the given bytes (copied).
func FromBytes(b []byte) (Principal, error) {
	if len(b) > MaxLength {
		return Principal{}, fmt.Errorf("%w: %d bytes", ErrBytesTooLong, len(b))
	}
	var p Principal
	p.n = uint8(len(b))
	copy(p.b[:], b)
	return p, nil
}

// Bytes returns a copy of the principal's bytes. The management canister
// gives an empty, non-nil slice.
func (p Principal) Bytes() []byte {
	out := make([]byte, p.n)
	copy(out, p.b[:p.n])
	return out
}

// AppendBytes appends the principal's bytes to b.
func (p Principal) AppendBytes(b []byte) []byte { return append(b, p.b[:p.n]...) }

// Len returns the number of bytes in the principal.
func (p Principal) Len() int { return int(p.n) }

// IsAnonymous reports whether p is the anonymous principal.
func (p Principal) IsAnonymous() bool { return p == Anonymous }

// IsManagement reports whether p is the management canister (empty).
func (p Principal) IsManagement() bool { return p.n == 0 }

// Compare orders principals by their bytes, as canister ranges do: -1 if
// a < b, 0 if equal, +1 if a > b. A proper prefix sorts first.
func Compare(a, b Principal) int { return bytes.Compare(a.b[:a.n], b.b[:b.n]) }

// Compare is Compare(p, q).
func (p Principal) Compare(q Principal) int { return Compare(p, q) }

// MarshalText implements encoding.TextMarshaler with the textual form.
func (p Principal) MarshalText() ([]byte, error) { return p.AppendText(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler with Parse.
func (p *Principal) UnmarshalText(text []byte) error {
	q, err := Parse(string(text))
	if err != nil {
		return err
	}
	*p = q
	return nil
}
