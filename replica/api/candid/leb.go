package candid

import (
	"math/big"
)

// appendUleb appends the unsigned LEB128 encoding of x.
func appendUleb(b []byte, x uint64) []byte {
	for x >= 0x80 {
		b = append(b, byte(x)|0x80)
		x >>= 7
	}
	return append(b, byte(x))
}

// appendSleb appends the signed LEB128 encoding of x.
func appendSleb(b []byte, x int64) []byte {
	for {
		c := byte(x & 0x7f)
		x >>= 7
		if x == 0 && c&0x40 == 0 || x == -1 && c&0x40 != 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// appendBigUleb appends the unsigned LEB128 encoding of a non-negative x.
func appendBigUleb(b []byte, x *big.Int) []byte {
	if x.IsUint64() {
		return appendUleb(b, x.Uint64())
	}
	words := x.Bits()
	bitlen := x.BitLen()
	for i := 0; i < bitlen; i += 7 {
		c := byte(bitsAt(words, i) & 0x7f)
		if i+7 < bitlen {
			c |= 0x80
		}
		b = append(b, c)
	}
	return b
}

// appendBigSleb appends the signed LEB128 encoding of x.
func appendBigSleb(b []byte, x *big.Int) []byte {
	if x.IsInt64() {
		return appendSleb(b, x.Int64())
	}
	// Encode the two's complement of x in n = bitlen+1 bits, rounded up to 7.
	n := x.BitLen() + 1
	n = (n + 6) / 7 * 7
	y := new(big.Int).Set(x)
	if x.Sign() < 0 {
		y.Add(y, new(big.Int).Lsh(big.NewInt(1), uint(n)))
	}
	words := y.Bits()
	for i := 0; i < n; i += 7 {
		c := byte(bitsAt(words, i) & 0x7f)
		if i+7 < n {
			c |= 0x80
		}
		b = append(b, c)
	}
	return b
}

// bitsAt returns the 7 bits of the little-endian word slice starting at bit i.
func bitsAt(words []big.Word, i int) uint64 {
	const w = 32 << (^uint(0) >> 63)
	var v uint64
	for k := 0; k < 7; k++ {
		j := i + k
		if j/w < len(words) && words[j/w]>>(uint(j)%w)&1 == 1 {
			v |= 1 << k
		}
	}
	return v
}

// lebGroups turns the 7-bit groups of a LEB128 number (given as its bytes,
// least significant first) into big-endian bytes for big.Int.SetBytes. It is
// linear in the length, so a huge number costs no more than its bytes.
func lebGroups(groups []byte) []byte {
	out := make([]byte, (len(groups)*7+7)/8)
	var acc uint32
	nbits, j := 0, len(out)-1
	for _, g := range groups {
		acc |= uint32(g&0x7f) << nbits
		nbits += 7
		for nbits >= 8 {
			out[j] = byte(acc)
			j--
			acc >>= 8
			nbits -= 8
		}
	}
	if nbits > 0 && j >= 0 {
		out[j] = byte(acc)
	}
	return out
}
