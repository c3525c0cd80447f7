package principal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// MaxTextLength is the length of the longest textual principal (29 bytes
// plus the 4-byte checksum give 53 base32 characters and 10 dashes).
const MaxTextLength = 63

// Errors returned by Parse. Each names one way a text can fail; they are
// wrapped with the offending input.
var (
	// ErrBadCharacter: a character outside the base32 alphabet and '-'.
	ErrBadCharacter = errors.New("principal: invalid character")
	// ErrBase32: a character count that no byte string encodes to.
	ErrBase32 = errors.New("principal: invalid base32 length")
	// ErrTooShort: fewer than the 4 checksum bytes.
	ErrTooShort = errors.New("principal: text too short")
	// ErrTooLong: more than 63 characters or 29 bytes.
	ErrTooLong = errors.New("principal: text too long")
	// ErrChecksum: the CRC-32 does not match the bytes.
	ErrChecksum = errors.New("principal: checksum mismatch")
	// ErrGrouping: the bytes are fine but the text is not their canonical
	// form (dashes misplaced, non-zero padding bits, '0' or '1' aliases).
	ErrGrouping = errors.New("principal: text is not canonically grouped")
)

const alphabet = "abcdefghijklmnopqrstuvwxyz234567"

// decodeTable maps an input byte to its 5-bit value, or 0xff. Upper and
// lower case letters are equal. As in icp-js-core, '0' and '1' read as 'o'
// and 'i', so that a mistyped digit is reported as a checksum mismatch;
// such a text is never canonical and Parse refuses it.
var decodeTable = func() [256]byte {
	var t [256]byte
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < len(alphabet); i++ {
		c := alphabet[i]
		t[c] = byte(i)
		if c >= 'a' && c <= 'z' {
			t[c-'a'+'A'] = byte(i)
		}
	}
	t['0'], t['1'] = t['o'], t['i']
	return t
}()

var crcTable = crc32.MakeTable(crc32.IEEE)

// checksum is crc32.ChecksumIEEE written out so that the principal's bytes
// do not escape to the heap through the assembly implementation.
func checksum(b []byte) uint32 {
	crc := ^uint32(0)
	for _, c := range b {
		crc = crcTable[byte(crc)^c] ^ crc>>8
	}
	return ^crc
}

// String returns the canonical textual form, e.g. "aaaaa-aa".
func (p Principal) String() string {
	var buf [MaxTextLength]byte
	return string(p.AppendText(buf[:0]))
}

// AppendText appends the canonical textual form to b.
func (p Principal) AppendText(b []byte) []byte {
	var raw [4 + MaxLength]byte
	binary.BigEndian.PutUint32(raw[:4], checksum(p.b[:p.n]))
	copy(raw[4:], p.b[:p.n])
	var enc [MaxTextLength]byte
	chars := appendBase32(enc[:0], raw[:4+int(p.n)])
	for i, c := range chars {
		if i > 0 && i%5 == 0 {
			b = append(b, '-')
		}
		b = append(b, c)
	}
	return b
}

// appendBase32 appends the unpadded lowercase RFC 4648 base32 of data.
func appendBase32(b, data []byte) []byte {
	var acc uint32
	bits := 0
	for _, c := range data {
		acc = acc<<8 | uint32(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			b = append(b, alphabet[(acc>>bits)&31])
		}
	}
	if bits > 0 {
		b = append(b, alphabet[(acc<<(5-bits))&31])
	}
	return b
}

// Parse reads a principal in textual form. Letter case is ignored; any
// other departure from the canonical form is an error wrapping one of
// ErrBadCharacter, ErrBase32, ErrTooShort, ErrTooLong, ErrChecksum or
// ErrGrouping.
func Parse(s string) (Principal, error) {
	if len(s) > MaxTextLength {
		return Principal{}, fmt.Errorf("%w: %d characters", ErrTooLong, len(s))
	}
	var raw [40]byte // 63 characters carry at most 39 bytes
	n, nchars := 0, 0
	var acc uint32
	bits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' {
			continue
		}
		v := decodeTable[c]
		if v == 0xff {
			return Principal{}, fmt.Errorf("%w %q in %q", ErrBadCharacter, c, s)
		}
		nchars++
		acc = acc<<5 | uint32(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			raw[n] = byte(acc >> bits)
			n++
		}
	}
	switch nchars % 8 {
	case 1, 3, 6:
		return Principal{}, fmt.Errorf("%w: %d characters in %q", ErrBase32, nchars, s)
	}
	if n < 4 {
		return Principal{}, fmt.Errorf("%w: %q", ErrTooShort, s)
	}
	if n-4 > MaxLength {
		return Principal{}, fmt.Errorf("%w: %d bytes in %q", ErrTooLong, n-4, s)
	}
	var p Principal
	p.n = uint8(n - 4)
	copy(p.b[:], raw[4:n])
	if binary.BigEndian.Uint32(raw[:4]) != checksum(p.b[:p.n]) {
		return Principal{}, fmt.Errorf("%w: %q", ErrChecksum, s)
	}
	var buf [MaxTextLength]byte
	if !equalFold(p.AppendText(buf[:0]), s) {
		return Principal{}, fmt.Errorf("%w: %q is %s", ErrGrouping, s, p)
	}
	return p, nil
}

// equalFold compares canonical lowercase text with s, ignoring ASCII case.
func equalFold(canon []byte, s string) bool {
	if len(canon) != len(s) {
		return false
	}
	for i := range canon {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != canon[i] {
			return false
		}
	}
	return true
}
