package cbor

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Major types (RFC 8949 §3.1).
const (
	MajorUint   = 0
	MajorNegInt = 1
	MajorBytes  = 2
	MajorText   = 3
	MajorArray  = 4
	MajorMap    = 5
	MajorTag    = 6
	MajorSimple = 7
)

// TagSelfDescribe is the tag 55799 that marks a self-describing CBOR item.
const TagSelfDescribe = 55799

// MaxDepth bounds the nesting of arrays, maps and tags that Skip follows.
const MaxDepth = 128

// Errors returned by the reader. They are wrapped with the offset where
// they occurred.
var (
	ErrTruncated  = errors.New("cbor: unexpected end of input")
	ErrType       = errors.New("cbor: unexpected type")
	ErrIndefinite = errors.New("cbor: indefinite length not supported")
	ErrTooLong    = errors.New("cbor: length exceeds input")
	ErrTooDeep    = errors.New("cbor: nesting too deep")
	ErrUTF8       = errors.New("cbor: text is not valid UTF-8")
	ErrTrailing   = errors.New("cbor: trailing bytes after item")
	ErrMalformed  = errors.New("cbor: malformed item")
)

// Reader decodes CBOR items one at a time from a byte slice.
type Reader struct {
	b   []byte
	off int
}

// NewReader returns a Reader positioned at the start of b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Offset reports how many bytes have been consumed.
func (r *Reader) Offset() int { return r.off }

// Remaining reports how many bytes are left.
func (r *Reader) Remaining() int { return len(r.b) - r.off }

// Done reports whether all input has been consumed.
func (r *Reader) Done() bool { return r.off >= len(r.b) }

// End returns ErrTrailing when input remains.
func (r *Reader) End() error {
	if !r.Done() {
		return r.errf(ErrTrailing, "%d bytes", r.Remaining())
	}
	return nil
}

func (r *Reader) errf(err error, format string, args ...any) error {
	return fmt.Errorf("%w at offset %d: %s", err, r.off, fmt.Sprintf(format, args...))
}

// PeekMajor returns the major type of the next item without consuming it.
func (r *Reader) PeekMajor() (int, error) {
	if r.Done() {
		return 0, r.errf(ErrTruncated, "want an item")
	}
	return int(r.b[r.off] >> 5), nil
}

// head reads an item header: its major type and argument. It refuses
// indefinite lengths and the reserved additional-information values.
func (r *Reader) head() (major int, arg uint64, err error) {
	if r.Done() {
		return 0, 0, r.errf(ErrTruncated, "want an item")
	}
	start := r.off
	ib := r.b[r.off]
	major, ai := int(ib>>5), ib&0x1f
	n := 0
	switch {
	case ai < 24:
		r.off++
		return major, uint64(ai), nil
	case ai == 24:
		n = 1
	case ai == 25:
		n = 2
	case ai == 26:
		n = 4
	case ai == 27:
		n = 8
	case ai == 31:
		return 0, 0, r.errf(ErrIndefinite, "major type %d", major)
	default:
		return 0, 0, r.errf(ErrMalformed, "reserved additional information %d", ai)
	}
	if len(r.b)-r.off-1 < n {
		return 0, 0, r.errf(ErrTruncated, "header needs %d bytes", n)
	}
	for _, c := range r.b[r.off+1 : r.off+1+n] {
		arg = arg<<8 | uint64(c)
	}
	r.off = start + 1 + n
	return major, arg, nil
}

// expect reads a header and checks its major type. On a mismatch the reader
// does not advance.
func (r *Reader) expect(want int) (uint64, error) {
	start := r.off
	major, arg, err := r.head()
	if err != nil {
		return 0, err
	}
	if major != want {
		r.off = start
		return 0, r.errf(ErrType, "major type %d, want %d", major, want)
	}
	return arg, nil
}

// Uint reads an unsigned integer (major type 0).
func (r *Reader) Uint() (uint64, error) { return r.expect(MajorUint) }

// Bytes reads a byte string and returns a sub-slice of the input (no copy).
func (r *Reader) Bytes() ([]byte, error) {
	n, err := r.expect(MajorBytes)
	if err != nil {
		return nil, err
	}
	return r.payload(n)
}

// Text reads a UTF-8 text string.
func (r *Reader) Text() (string, error) {
	b, err := r.TextBytes()
	return string(b), err
}

// TextBytes reads a UTF-8 text string and returns it as a sub-slice of the
// input, avoiding a string allocation when the caller only compares it.
func (r *Reader) TextBytes() ([]byte, error) {
	n, err := r.expect(MajorText)
	if err != nil {
		return nil, err
	}
	b, err := r.payload(n)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(b) {
		return nil, r.errf(ErrUTF8, "%q", b)
	}
	return b, nil
}

func (r *Reader) payload(n uint64) ([]byte, error) {
	if n > uint64(r.Remaining()) {
		return nil, r.errf(ErrTooLong, "string of %d bytes, %d left", n, r.Remaining())
	}
	b := r.b[r.off : r.off+int(n) : r.off+int(n)]
	r.off += int(n)
	return b, nil
}

// ArrayLen reads an array header and returns its element count. The count
// is checked against the remaining input: every element takes at least one
// byte.
func (r *Reader) ArrayLen() (int, error) { return r.count(MajorArray, 1) }

// MapLen reads a map header and returns its number of pairs.
func (r *Reader) MapLen() (int, error) { return r.count(MajorMap, 2) }

func (r *Reader) count(major int, per uint64) (int, error) {
	n, err := r.expect(major)
	if err != nil {
		return 0, err
	}
	if n > uint64(r.Remaining())/per {
		return 0, r.errf(ErrTooLong, "%d items, %d bytes left", n, r.Remaining())
	}
	return int(n), nil
}

// Tag reads a tag number (major type 6).
func (r *Reader) Tag() (uint64, error) { return r.expect(MajorTag) }

// SkipSelfDescribe consumes a leading tag 55799 if there is one.
func (r *Reader) SkipSelfDescribe() {
	if len(r.b)-r.off >= 3 && r.b[r.off] == 0xd9 && r.b[r.off+1] == 0xd9 && r.b[r.off+2] == 0xf7 {
		r.off += 3
	}
}

// Bool reads true or false.
func (r *Reader) Bool() (bool, error) {
	major, arg, err := r.peekSimple()
	if err != nil {
		return false, err
	}
	if major != MajorSimple || (arg != 20 && arg != 21) {
		return false, r.errf(ErrType, "want a bool")
	}
	r.off++
	return arg == 21, nil
}

// IsNull reports whether the next item is null (without consuming it).
func (r *Reader) IsNull() bool {
	return !r.Done() && r.b[r.off] == 0xf6
}

func (r *Reader) peekSimple() (int, uint64, error) {
	if r.Done() {
		return 0, 0, r.errf(ErrTruncated, "want an item")
	}
	ib := r.b[r.off]
	return int(ib >> 5), uint64(ib & 0x1f), nil
}

// Skip consumes one complete item of any type, following nested items up to
// MaxDepth levels.
func (r *Reader) Skip() error { return r.skip(0) }

// Raw consumes one complete item and returns its encoded bytes.
func (r *Reader) Raw() ([]byte, error) {
	start := r.off
	if err := r.skip(0); err != nil {
		return nil, err
	}
	return r.b[start:r.off:r.off], nil
}

func (r *Reader) skip(depth int) error {
	if depth > MaxDepth {
		return r.errf(ErrTooDeep, "more than %d levels", MaxDepth)
	}
	major, arg, err := r.head()
	if err != nil {
		return err
	}
	switch major {
	case MajorUint, MajorNegInt:
		return nil
	case MajorBytes, MajorText:
		_, err := r.payload(arg)
		return err
	case MajorArray, MajorMap:
		per := uint64(1)
		if major == MajorMap {
			per = 2
		}
		if arg > uint64(r.Remaining())/per {
			return r.errf(ErrTooLong, "%d items, %d bytes left", arg, r.Remaining())
		}
		for i := uint64(0); i < arg*per; i++ {
			if err := r.skip(depth + 1); err != nil {
				return err
			}
		}
		return nil
	case MajorTag:
		return r.skip(depth + 1)
	default: // simple values and floats: head consumed their payload
		return nil
	}
}
