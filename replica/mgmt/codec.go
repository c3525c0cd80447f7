package mgmt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"math/big"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// ErrCheckpoint reports a checkpoint that is malformed, truncated,
// corrupted or of an unknown version.
var ErrCheckpoint = errors.New("mgmt: bad checkpoint")

// encoder writes the checkpoint's primitives: big-endian integers and
// length-prefixed byte strings, into w and a running hash.
type encoder struct {
	w   io.Writer
	h   hash.Hash
	err error
	buf [8]byte
}

func (e *encoder) raw(b []byte) {
	if e.err != nil {
		return
	}
	e.h.Write(b)
	if e.w != nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *encoder) u8(x uint8) { e.raw([]byte{x}) }

func (e *encoder) u64(x uint64) {
	binary.BigEndian.PutUint64(e.buf[:], x)
	e.raw(e.buf[:])
}

func (e *encoder) bytes(b []byte) {
	e.u64(uint64(len(b)))
	e.raw(b)
}

func (e *encoder) bool(b bool) {
	if b {
		e.u8(1)
	} else {
		e.u8(0)
	}
}

func (e *encoder) principal(p principal.Principal) { e.bytes(p.Bytes()) }

func (e *encoder) principals(ps []principal.Principal) {
	e.u64(uint64(len(ps)))
	for _, p := range ps {
		e.principal(p)
	}
}

func (e *encoder) big(b *big.Int) { e.bytes(b.Bytes()) }

// decoder reads what encoder wrote. Every length is checked against a
// bound before anything is allocated, and large strings are read in pieces
// so that a length the input cannot back costs no memory.
type decoder struct {
	r   io.Reader
	h   hash.Hash
	err error
	buf [8]byte
}

func (d *decoder) fail(format string, a ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrCheckpoint, fmt.Sprintf(format, a...))
	}
}

func (d *decoder) raw(b []byte) {
	if d.err != nil {
		return
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail("truncated: %v", err)
		return
	}
	d.h.Write(b)
}

func (d *decoder) u8() uint8 {
	d.raw(d.buf[:1])
	if d.err != nil {
		return 0
	}
	return d.buf[0]
}

func (d *decoder) u64() uint64 {
	d.raw(d.buf[:])
	if d.err != nil {
		return 0
	}
	return binary.BigEndian.Uint64(d.buf[:])
}

func (d *decoder) bool() bool {
	switch d.u8() {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail("bad boolean")
	return false
}

// count reads a number of elements of at most max.
func (d *decoder) count(max uint64, what string) int {
	n := d.u64()
	if n > max {
		d.fail("%s: %d exceeds %d", what, n, max)
		return 0
	}
	return int(n)
}

// bytes reads a byte string of at most max bytes.
func (d *decoder) bytes(max uint64, what string) []byte {
	n := d.count(max, what)
	if d.err != nil {
		return nil
	}
	var b bytes.Buffer
	if _, err := io.CopyN(&b, io.TeeReader(d.r, d.h), int64(n)); err != nil {
		d.fail("%s truncated: %v", what, err)
		return nil
	}
	return b.Bytes()
}

func (d *decoder) principal() principal.Principal {
	b := d.bytes(principal.MaxLength, "principal")
	p, err := principal.FromBytes(b)
	if err != nil {
		d.fail("%v", err)
	}
	return p
}

func (d *decoder) principals(max uint64, what string) []principal.Principal {
	n := d.count(max, what)
	ps := make([]principal.Principal, 0, min(n, 16))
	for range n {
		ps = append(ps, d.principal())
	}
	return ps
}

// big reads a nat below 2^128.
func (d *decoder) big() *big.Int {
	b := d.bytes(16, "amount")
	if len(b) > 0 && b[0] == 0 {
		d.fail("amount not minimal")
	}
	return new(big.Int).SetBytes(b)
}
