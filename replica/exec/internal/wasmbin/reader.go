package wasmbin

import (
	"errors"
	"fmt"
)

// ErrMalformed is wrapped by every decoding error.
var ErrMalformed = errors.New("wasmbin: malformed module")

// reader decodes the primitive encodings of the binary format from a byte
// slice. Every method reports truncation or overlong encodings as an error;
// none of them panics.
type reader struct {
	b   []byte
	off int
}

func (r *reader) errf(format string, args ...any) error {
	return fmt.Errorf("%w: at byte %d: %s", ErrMalformed, r.off, fmt.Sprintf(format, args...))
}

func (r *reader) done() bool { return r.off >= len(r.b) }

func (r *reader) byte() (byte, error) {
	if r.off >= len(r.b) {
		return 0, r.errf("unexpected end")
	}
	c := r.b[r.off]
	r.off++
	return c, nil
}

func (r *reader) bytes(n uint64) ([]byte, error) {
	if n > uint64(len(r.b)-r.off) {
		return nil, r.errf("length %d exceeds remaining %d bytes", n, len(r.b)-r.off)
	}
	s := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return s, nil
}

// uleb reads an unsigned LEB128 of at most bits significant bits.
func (r *reader) uleb(bits uint) (uint64, error) {
	var v uint64
	var shift uint
	for {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		if shift >= bits || (bits-shift < 7 && c&0x7f>>(bits-shift) != 0) {
			return 0, r.errf("unsigned LEB128 exceeds %d bits", bits)
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			return v, nil
		}
	}
}

func (r *reader) u32() (uint32, error) {
	v, err := r.uleb(32)
	return uint32(v), err
}

// sleb skips a signed LEB128 of at most bits bits (values are not needed,
// only their extent).
func (r *reader) sleb(bits uint) error {
	for i := uint(0); ; i += 7 {
		c, err := r.byte()
		if err != nil {
			return err
		}
		if i >= bits {
			return r.errf("signed LEB128 exceeds %d bits", bits)
		}
		if c&0x80 == 0 {
			return nil
		}
	}
}

// vecLen reads a vector length and rejects counts that cannot possibly fit
// in the remaining bytes (each element takes at least min bytes).
func (r *reader) vecLen(min int) (int, error) {
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if min > 0 && uint64(n)*uint64(min) > uint64(len(r.b)-r.off) {
		return 0, r.errf("vector of %d elements exceeds remaining bytes", n)
	}
	return int(n), nil
}

func (r *reader) name() (string, error) {
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	b, err := r.bytes(uint64(n))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// appendULEB appends v as unsigned LEB128.
func appendULEB(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

// appendSLEB appends v as signed LEB128.
func appendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func appendName(b []byte, s string) []byte {
	return append(appendULEB(b, uint64(len(s))), s...)
}
