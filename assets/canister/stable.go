//go:build wasip1

package main

import (
	"encoding/binary"
	"errors"
	"io"
)

// Stable memory holds the store across upgrades (interface spec, "Stable
// memory"): an 8-byte little-endian length, then the store's encoding.

const stablePage = 64 << 10

// stableWriter appends to stable memory from offset 8, growing it as
// needed.
type stableWriter struct{ off uint64 }

func (w *stableWriter) Write(p []byte) (int, error) {
	end := w.off + uint64(len(p))
	if have := stable64Size() * stablePage; end > have {
		need := (end - have + stablePage - 1) / stablePage
		if stable64Grow(need) < 0 {
			return 0, errors.New("stable memory is full")
		}
	}
	if len(p) > 0 {
		stable64Write(w.off, addr(p), uint64(len(p)))
	}
	w.off = end
	return len(p), nil
}

// saveStable writes the store's encoding and its length.
func saveStable(save func(io.Writer) error) error {
	w := &stableWriter{off: 8}
	if err := save(w); err != nil {
		return err
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], w.off-8)
	stable64Write(0, addr(n[:]), 8)
	return nil
}

// stableReader reads the saved encoding back; ok is false when stable
// memory holds none (a module installed before, or nothing saved).
func stableReader() (r io.Reader, ok bool) {
	if stable64Size() == 0 {
		return nil, false
	}
	var n [8]byte
	stable64Read(addr(n[:]), 0, 8)
	size := binary.LittleEndian.Uint64(n[:])
	if size == 0 || size > stable64Size()*stablePage-8 {
		return nil, false
	}
	return io.LimitReader(&stableReaderAt{off: 8}, int64(size)), true
}

type stableReaderAt struct{ off uint64 }

func (r *stableReaderAt) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	stable64Read(addr(p), r.off, uint64(len(p)))
	r.off += uint64(len(p))
	return len(p), nil
}
