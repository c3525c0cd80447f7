package node

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
)

// batch is a finalized block as execution sees it: everything needed to
// execute it again, deterministically, after a restart.
type batch struct {
	height     uint64
	time       uint64 // block time, ns since the epoch
	randomness [32]byte
	payload    []byte
}

// batchLog is an append-only file of finalized batches. Each record is
// length (4 bytes) · CRC-32C of the body (4 bytes) · body, where the body
// is height (8) · time (8) · randomness (32) · payload. A record is synced
// before its batch executes; a torn record at the end (a crash while
// writing) is cut off when the log is opened.
type batchLog struct {
	f *os.File
}

const batchHeader = 8 + 8 + 32

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// openBatchLog opens (or creates) the log and returns the intact batches
// it holds.
func openBatchLog(path string) (*batchLog, []batch, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	var out []batch
	off := 0
	for {
		b, n, ok := parseBatchRecord(data[off:])
		if !ok {
			break
		}
		out = append(out, b)
		off += n
	}
	if off < len(data) {
		if err := f.Truncate(int64(off)); err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("node: cutting the torn tail of %s: %w", path, err)
		}
	}
	if _, err := f.Seek(int64(off), io.SeekStart); err != nil {
		f.Close()
		return nil, nil, err
	}
	return &batchLog{f: f}, out, nil
}

func parseBatchRecord(b []byte) (batch, int, bool) {
	if len(b) < 8 {
		return batch{}, 0, false
	}
	n := int(binary.BigEndian.Uint32(b))
	sum := binary.BigEndian.Uint32(b[4:])
	if n < batchHeader || len(b)-8 < n {
		return batch{}, 0, false
	}
	body := b[8 : 8+n]
	if crc32.Checksum(body, crcTable) != sum {
		return batch{}, 0, false
	}
	bt := batch{
		height:  binary.BigEndian.Uint64(body),
		time:    binary.BigEndian.Uint64(body[8:]),
		payload: body[batchHeader:],
	}
	copy(bt.randomness[:], body[16:48])
	return bt, 8 + n, true
}

// append writes b and syncs it to disk.
func (l *batchLog) append(b batch) error {
	rec := make([]byte, 8, 8+batchHeader+len(b.payload))
	rec = binary.BigEndian.AppendUint64(rec, b.height)
	rec = binary.BigEndian.AppendUint64(rec, b.time)
	rec = append(rec, b.randomness[:]...)
	rec = append(rec, b.payload...)
	body := rec[8:]
	if len(body) > 1<<31 {
		return errors.New("node: batch too large for the log")
	}
	binary.BigEndian.PutUint32(rec, uint32(len(body)))
	binary.BigEndian.PutUint32(rec[4:], crc32.Checksum(body, crcTable))
	if _, err := l.f.Write(rec); err != nil {
		return err
	}
	return l.f.Sync()
}

// reset empties the log after a checkpoint made its batches redundant.
func (l *batchLog) reset() error {
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	if _, err := l.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return l.f.Sync()
}

func (l *batchLog) close() error { return l.f.Close() }
