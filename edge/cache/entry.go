package cache

import (
	"encoding/binary"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// entry is one stored answer, or a vary record (vary set, no answer) that
// names the request headers to add to the key. Entries are immutable once
// stored: hits share header slices and body.
type entry struct {
	status int
	header http.Header // canonical names; Content-Length set; no X-Edge-*, Date or Age
	body   []byte
	stored time.Time // when the answer arrived: Age counts from here
	fresh  time.Time // fresh until
	stale  time.Time // usable for stale-if-error until (>= fresh)
	vary   []string  // vary record only: canonical header names, sorted
}

func (e *entry) isVaryRecord() bool { return e.vary != nil }

// size is the entry's weight in the memory store.
func (e *entry) size(key string) int64 {
	n := 128 + len(key) + len(e.body)
	for k, vs := range e.header {
		n += len(k) + 16
		for _, v := range vs {
			n += len(v) + 16
		}
	}
	for _, v := range e.vary {
		n += len(v) + 16
	}
	return int64(n)
}

// ageAt returns the Age header value at now (RFC 9111 section 4.2.3).
func (e *entry) ageAt(now time.Time) int64 {
	return max(int64(now.Sub(e.stored)/time.Second), 0)
}

const entryVersion = 1

var errCorrupt = errors.New("cache: corrupt entry")

// appendEntry encodes e compactly for Redis: version, status, three
// times in Unix nanoseconds, vary names, headers, body.
func appendEntry(b []byte, e *entry) []byte {
	b = append(b, entryVersion)
	b = binary.AppendUvarint(b, uint64(e.status))
	for _, t := range []time.Time{e.stored, e.fresh, e.stale} {
		b = binary.AppendVarint(b, t.UnixNano())
	}
	b = binary.AppendUvarint(b, uint64(len(e.vary)))
	for _, v := range e.vary {
		b = appendString(b, v)
	}
	b = binary.AppendUvarint(b, uint64(len(e.header)))
	for k, vs := range e.header {
		b = appendString(b, k)
		b = binary.AppendUvarint(b, uint64(len(vs)))
		for _, v := range vs {
			b = appendString(b, v)
		}
	}
	return append(b, e.body...)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// parseEntry decodes what appendEntry wrote; it never panics on bad input.
func parseEntry(b []byte) (*entry, error) {
	d := decoder{b: b}
	if d.byte() != entryVersion {
		return nil, errCorrupt
	}
	e := &entry{status: int(d.uvarint())}
	e.stored, e.fresh, e.stale = d.time(), d.time(), d.time()
	if n := d.count(); n > 0 {
		e.vary = make([]string, 0, n)
		for range n {
			e.vary = append(e.vary, d.string())
		}
	}
	nh := d.count()
	e.header = make(http.Header, nh)
	for range nh {
		k := d.string()
		nv := d.count()
		vs := make([]string, 0, nv)
		for range nv {
			vs = append(vs, d.string())
		}
		e.header[k] = vs
	}
	if d.err || e.status < 100 || e.status > 999 {
		return nil, errCorrupt
	}
	e.body = d.b
	if cl, ok := e.header["Content-Length"]; ok && (len(cl) != 1 || cl[0] != strconv.Itoa(len(e.body))) {
		return nil, errCorrupt
	}
	return e, nil
}

type decoder struct {
	b   []byte
	err bool
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.err = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length that must fit in what is left.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.b)) {
		d.err = true
		return 0
	}
	return int(v)
}

func (d *decoder) time() time.Time {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = true
		return time.Time{}
	}
	d.b = d.b[n:]
	return time.Unix(0, v)
}

func (d *decoder) string() string {
	n := d.count()
	if d.err {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}
