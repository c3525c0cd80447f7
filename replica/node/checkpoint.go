package node

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/mgmt"
)

const (
	checkpointFile  = "checkpoint"
	batchLogFile    = "batches.log"
	checkpointMagic = "THRCKP01"
)

var errCheckpoint = errors.New("node: malformed checkpoint")

// writeCheckpoint saves the executor's state to path atomically: a
// temporary file, synced, renamed over the old one, and the directory
// synced.
func (x *executor) writeCheckpoint(path string) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = x.encodeCheckpoint(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("node: checkpoint: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("node: checkpoint: %w", err)
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func (x *executor) encodeCheckpoint(w io.Writer) error {
	var b []byte
	b = append(b, checkpointMagic...)
	b = binary.BigEndian.AppendUint64(b, x.height)
	b = binary.BigEndian.AppendUint64(b, x.time)
	b = append(b, x.lastHash[:]...)
	b = binary.AppendUvarint(b, uint64(len(x.hist.order)))
	for _, id := range x.hist.order {
		r := x.hist.byID[id]
		b = append(b, id[:]...)
		b = appendBytes(b, r.sender.Bytes())
		b = appendBytes(b, r.effective.Bytes())
		b = binary.BigEndian.AppendUint64(b, r.purgeAt)
		if r.reject == nil {
			b = append(b, 0)
			b = appendBytes(b, r.reply)
		} else {
			b = append(b, 1)
			b = binary.AppendUvarint(b, uint64(r.reject.code))
			b = appendBytes(b, []byte(r.reject.message))
			b = appendBytes(b, []byte(r.reject.errorCode))
		}
	}
	if _, err := w.Write(b); err != nil {
		return err
	}
	return x.table.Checkpoint(w)
}

func appendBytes(b, v []byte) []byte { return append(binary.AppendUvarint(b, uint64(len(v))), v...) }

// loadCheckpoint restores the executor from path; a missing file means a
// new subnet at height 0.
func (x *executor) loadCheckpoint(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	if err := x.decodeCheckpoint(r); err != nil {
		return fmt.Errorf("%w %s: %w", errCheckpoint, path, err)
	}
	table, err := mgmt.Restore(ctx, x.cfg.Engine, r)
	if err != nil {
		return fmt.Errorf("%w %s: %w", errCheckpoint, path, err)
	}
	x.table.Close()
	x.table = table
	x.table.Each(func(id principal.Principal, _ mgmt.Info) bool { x.dirty[id] = true; return true })
	x.refreshCanisters()
	return nil
}

func (x *executor) decodeCheckpoint(r *bufio.Reader) error {
	head := make([]byte, len(checkpointMagic)+16+32)
	if _, err := io.ReadFull(r, head); err != nil {
		return err
	}
	if string(head[:8]) != checkpointMagic {
		return errors.New("not a checkpoint")
	}
	x.height = binary.BigEndian.Uint64(head[8:])
	x.time = binary.BigEndian.Uint64(head[16:])
	copy(x.lastHash[:], head[24:])
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return err
	}
	for i := uint64(0); i < n; i++ {
		var m message
		if _, err := io.ReadFull(r, m.ID[:]); err != nil {
			return err
		}
		var o outcome
		sender, err := readBytes(r, 29)
		if err == nil {
			m.Sender, err = principal.FromBytes(sender)
		}
		var eff []byte
		if err == nil {
			eff, err = readBytes(r, 29)
		}
		if err == nil {
			m.Effective, err = principal.FromBytes(eff)
		}
		var purge [8]byte
		if err == nil {
			_, err = io.ReadFull(r, purge[:])
		}
		var kind byte
		if err == nil {
			kind, err = r.ReadByte()
		}
		if err != nil {
			return err
		}
		switch kind {
		case 0:
			o.reply, err = readBytes(r, 64<<20)
		case 1:
			o.reject = &rejection{}
			var code uint64
			code, err = binary.ReadUvarint(r)
			o.reject.code = int(code)
			var msg, ec []byte
			if err == nil {
				msg, err = readBytes(r, 1<<20)
			}
			if err == nil {
				ec, err = readBytes(r, 64)
			}
			o.reject.message, o.reject.errorCode = string(msg), string(ec)
		default:
			return fmt.Errorf("request status kind %d", kind)
		}
		if err != nil {
			return err
		}
		x.hist.restore(m.ID, &request{sender: m.Sender, effective: m.Effective, outcome: o,
			purgeAt: binary.BigEndian.Uint64(purge[:])})
	}
	return nil
}

func readBytes(r *bufio.Reader, limit uint64) ([]byte, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, fmt.Errorf("field of %d bytes exceeds %d", n, limit)
	}
	b := make([]byte, n)
	_, err = io.ReadFull(r, b)
	return b, err
}
