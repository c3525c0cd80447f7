package store

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/threshold-ic/threshold/assets/wire"
)

// The snapshot that Save writes to stable memory before an upgrade and
// Restore reads after it:
//
//	magic "threshold-assets" · version (uvarint, 1)
//	config: max_batches, max_chunks, max_bytes (opt u64 each)
//	next batch id, next chunk id (uvarint)
//	permissions Commit, Prepare, ManagePermissions: count, principals
//	assets: count, then per asset key, content type, max_age, headers,
//	  is_aliased, allow_raw_access, and its encodings: count, then per
//	  encoding name, modified (varint), sha256 (32 bytes), chunks
//	SHA-256 of everything above
//
// Strings and byte strings are a uvarint length and the bytes; opt is a
// byte 0 or 1 and the value. In-flight batches and chunks are not kept:
// an upgrade drops them, as DFINITY's canister does.
const (
	snapshotMagic   = "threshold-assets"
	snapshotVersion = 1
)

// Save writes the store's snapshot to w, streaming the content.
func (s *Store) Save(w io.Writer) error {
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(w, h), 64<<10)
	e := &encoder{w: bw}
	e.str(snapshotMagic)
	e.uvarint(snapshotVersion)
	st := s.st
	for _, v := range []*uint64{st.config.maxBatches, st.config.maxChunks, st.config.maxBytes} {
		e.optU64(v)
	}
	e.uvarint(st.nextBatch)
	e.uvarint(st.nextChunk)
	for _, p := range []wire.Permission{wire.PermissionCommit, wire.PermissionPrepare, wire.PermissionManagePermissions} {
		ps := st.permitted(p)
		e.uvarint(uint64(len(ps)))
		for _, q := range ps {
			e.bytes(q)
		}
	}
	list := s.list() // sorted keys
	e.uvarint(uint64(len(list)))
	for _, d := range list {
		a := st.assets[d.Key]
		e.str(a.key)
		e.str(a.contentType)
		e.optU64(a.maxAge)
		e.opt(a.headers != nil)
		if a.headers != nil {
			e.uvarint(uint64(len(*a.headers)))
			for _, h := range *a.headers {
				e.str(h.Name)
				e.str(h.Value)
			}
		}
		e.optBool(a.isAliased)
		e.optBool(a.allowRawAccess)
		e.uvarint(uint64(len(d.Encodings)))
		for _, ed := range d.Encodings {
			enc := a.encodings[ed.ContentEncoding]
			e.str(ed.ContentEncoding)
			e.varint(enc.modified)
			e.raw(enc.sha256[:])
			e.uvarint(uint64(len(enc.chunks)))
			for _, c := range enc.chunks {
				e.bytes(c)
			}
		}
	}
	if e.err != nil {
		return fmt.Errorf("store: saving: %w", e.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("store: saving: %w", err)
	}
	if _, err := w.Write(h.Sum(nil)); err != nil {
		return fmt.Errorf("store: saving: %w", err)
	}
	return nil
}

// Restore is canister_post_upgrade: it reads a snapshot written by Save,
// applies the Upgrade argument's set_permissions, if any, recomputes the
// certification and sets the certified data. Truncated or corrupt input is
// an error.
func Restore(env Env, r io.Reader, arg []byte) (*Store, error) {
	args, err := wire.DecodeCanisterArgs(arg)
	if err != nil {
		return nil, err
	}
	if args != nil && args.Init != nil {
		return nil, fmt.Errorf("%w: cannot upgrade the canister with an Init argument; give an Upgrade argument", ErrInvalidArgument)
	}
	st, err := readSnapshot(r)
	if err != nil {
		return nil, err
	}
	t := begin(st)
	if args != nil && args.Upgrade != nil && args.Upgrade.SetPermissions != nil {
		t.setPermissions(args.Upgrade.SetPermissions)
	}
	s := &Store{st: &t.state}
	s.cert.update(s.st.assets)
	s.publish(env)
	return s, nil
}

func readSnapshot(r io.Reader) (*state, error) {
	d := &decoder{r: bufio.NewReaderSize(r, 64<<10), h: sha256.New()}
	st, err := d.state()
	if err == nil {
		sum := d.h.Sum(nil)
		var got [sha256.Size]byte
		if _, err = io.ReadFull(d.r, got[:]); err != nil {
			err = fmt.Errorf("checksum: %w", err)
		} else if string(got[:]) != string(sum) {
			err = errors.New("checksum mismatch")
		} else if _, e := d.r.ReadByte(); e != io.EOF {
			err = errors.New("bytes after the checksum")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSnapshot, err)
	}
	return st, nil
}

func (d *decoder) state() (*state, error) {
	if m := d.str(); d.err == nil && m != snapshotMagic {
		return nil, errors.New("not an asset canister snapshot")
	}
	if v := d.uvarint(); d.err == nil && v != snapshotVersion {
		return nil, fmt.Errorf("snapshot version %d, want %d", v, snapshotVersion)
	}
	st := newState()
	st.config.maxBatches, st.config.maxChunks, st.config.maxBytes = d.optU64(), d.optU64(), d.optU64()
	st.nextBatch, st.nextChunk = d.uvarint(), d.uvarint()
	for _, p := range []wire.Permission{wire.PermissionCommit, wire.PermissionPrepare, wire.PermissionManagePermissions} {
		for n := d.uvarint(); n > 0 && d.err == nil; n-- {
			st.perms[permIndex(p)][string(d.bytes())] = true
		}
	}
	for n := d.uvarint(); n > 0 && d.err == nil; n-- {
		a := d.asset()
		if d.err != nil {
			break
		}
		if _, dup := st.assets[a.key]; dup {
			return nil, fmt.Errorf("asset %q twice", a.key)
		}
		st.assets[a.key] = seal(a)
	}
	return st, d.err
}

func (d *decoder) asset() *asset {
	a := &asset{key: d.str(), contentType: d.str(), maxAge: d.optU64(), encodings: map[string]*encoding{}}
	if d.opt() {
		var hs []wire.HeaderField
		for n := d.uvarint(); n > 0 && d.err == nil; n-- {
			hs = append(hs, wire.HeaderField{Name: d.str(), Value: d.str()})
		}
		a.headers = normalizeHeaders(&hs)
	}
	a.isAliased, a.allowRawAccess = d.optBool(), d.optBool()
	if d.err == nil {
		if err := checkKey(a.key); err != nil {
			d.fail(err)
		}
	}
	for n := d.uvarint(); n > 0 && d.err == nil; n-- {
		name := d.str()
		e := &encoding{modified: d.varint()}
		d.raw(e.sha256[:])
		for m := d.uvarint(); m > 0 && d.err == nil; m-- {
			c := d.bytes()
			e.chunks = append(e.chunks, c)
			e.total += uint64(len(c))
		}
		if d.err == nil && len(e.chunks) == 0 {
			d.fail(fmt.Errorf("encoding %q of %q has no chunks", name, a.key))
		}
		a.encodings[name] = e
	}
	return a
}

// encoder writes the snapshot's primitives, remembering the first error.
type encoder struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
	err error
}

func (e *encoder) raw(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *encoder) uvarint(v uint64) { e.raw(binary.AppendUvarint(e.buf[:0], v)) }
func (e *encoder) varint(v int64)   { e.raw(binary.AppendVarint(e.buf[:0], v)) }
func (e *encoder) bytes(b []byte)   { e.uvarint(uint64(len(b))); e.raw(b) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.raw([]byte(s)) }

func (e *encoder) opt(some bool) {
	if some {
		e.raw([]byte{1})
	} else {
		e.raw([]byte{0})
	}
}

func (e *encoder) optU64(v *uint64) {
	e.opt(v != nil)
	if v != nil {
		e.uvarint(*v)
	}
}

func (e *encoder) optBool(v *bool) {
	e.opt(v != nil)
	if v != nil {
		e.opt(*v)
	}
}

// decoder reads the snapshot's primitives, hashing what it consumes and
// remembering the first error; after one it returns zero values.
type decoder struct {
	r   *bufio.Reader
	h   hash.Hash
	err error
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *decoder) ReadByte() (byte, error) {
	b, err := d.r.ReadByte()
	if err != nil {
		return 0, io.ErrUnexpectedEOF
	}
	d.h.Write([]byte{b})
	return b, nil
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d)
	d.fail(err)
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(d)
	d.fail(err)
	return v
}

// raw fills b.
func (d *decoder) raw(b []byte) {
	if d.err != nil {
		return
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail(io.ErrUnexpectedEOF)
		return
	}
	d.h.Write(b)
}

// bytes reads a length and that many bytes, growing the buffer as the
// bytes arrive so that a corrupt length cannot allocate more than the
// input holds.
func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	const step = 1 << 20
	out := make([]byte, 0, min(n, step))
	for uint64(len(out)) < n && d.err == nil {
		k := min(n-uint64(len(out)), step)
		start := len(out)
		out = append(out, make([]byte, k)...)
		d.raw(out[start:])
	}
	if d.err != nil {
		return nil
	}
	return out
}

func (d *decoder) str() string { return string(d.bytes()) }

func (d *decoder) opt() bool {
	if d.err != nil {
		return false
	}
	b, err := d.ReadByte()
	switch {
	case err != nil:
		d.fail(err)
	case b > 1:
		d.fail(fmt.Errorf("option tag %d", b))
	}
	return b == 1
}

func (d *decoder) optU64() *uint64 {
	if !d.opt() {
		return nil
	}
	v := d.uvarint()
	return &v
}

func (d *decoder) optBool() *bool {
	if !d.opt() {
		return nil
	}
	v := d.opt()
	return &v
}
