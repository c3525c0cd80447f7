// Package leb128 encodes and decodes the LEB128 variable-length integers
// that the Internet Computer uses for nat and int values in hashes, state
// tree leaves and Candid (PROTOCOL.md §2 and §9).
package leb128

import "errors"

// Errors returned by the readers.
var (
	ErrTruncated = errors.New("leb128: truncated")
	ErrOverflow  = errors.New("leb128: value does not fit in 64 bits")
)

// AppendUnsigned appends the shortest unsigned LEB128 encoding of v.
func AppendUnsigned(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// AppendSigned appends the shortest signed LEB128 encoding of v.
func AppendSigned(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// Unsigned decodes an unsigned LEB128 value from the start of b and
// returns it with the number of bytes read.
func Unsigned(b []byte) (uint64, int, error) {
	var v uint64
	for i, c := range b {
		if i == 9 && c > 1 || i > 9 {
			return 0, 0, ErrOverflow
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1, nil
		}
	}
	return 0, 0, ErrTruncated
}

// Signed decodes a signed LEB128 value from the start of b and returns it
// with the number of bytes read.
func Signed(b []byte) (int64, int, error) {
	var v int64
	var shift uint
	for i, c := range b {
		if i > 9 {
			return 0, 0, ErrOverflow
		}
		v |= int64(c&0x7f) << shift
		shift += 7
		if c < 0x80 {
			if i == 9 && c != 0 && c != 0x7f {
				return 0, 0, ErrOverflow
			}
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, i + 1, nil
		}
	}
	return 0, 0, ErrTruncated
}
