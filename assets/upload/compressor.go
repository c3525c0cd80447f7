package upload

import (
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
)

// compressor makes encodings, with the compression cache when it has one,
// and counts its work.
type compressor struct {
	cache *compressCache // nil: none

	compressed atomic.Int64 // encodings compressed
	cached     atomic.Int64 // compressions the cache saved
}

// encodings computes the encodings of content: names is a rule's list, or
// nil for the default of a type (compress says whether it is
// compressible). The result is in the order identity, gzip, br. With
// lookup (and a cache) a compressed encoding whose SHA-256 and length the
// cache holds is not compressed: it comes back lazy, its Content nil.
func (c *compressor) encodings(content []byte, compress bool, names []string, lookup bool) ([]Encoding, error) {
	explicit := names != nil
	if !explicit {
		names = []string{encIdentity}
		if compress {
			names = append(names, encGzip, encBrotli)
		}
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	force := !want[encIdentity] // nothing to compare with: keep all
	smaller := func(e Encoding) bool {
		return force || (e.Length <= int64(len(content)) && saves(int(e.Length), len(content)))
	}

	id := sha256.Sum256(content)
	var out []Encoding
	if want[encIdentity] {
		out = append(out, Encoding{Name: encIdentity, Content: content, SHA256: id, Length: int64(len(content))})
	}
	gzipKept := false
	if want[encGzip] {
		e, err := c.encode(encGzip, content, id, lookup)
		if err != nil {
			return nil, err
		}
		if smaller(e) {
			out = append(out, e)
			gzipKept = true
		}
	}
	if want[encBrotli] && (explicit || gzipKept) {
		e, err := c.encode(encBrotli, content, id, lookup)
		if err != nil {
			return nil, err
		}
		if smaller(e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// encode makes one compressed encoding of content (whose SHA-256 is id):
// from the cache when lookup allows it and the cache has it, else
// compressed now and remembered.
func (c *compressor) encode(name string, content []byte, id [32]byte, lookup bool) (Encoding, error) {
	tag := encoderTag(name)
	if lookup {
		if sum, n, ok := c.cache.get(id, tag); ok {
			c.cached.Add(1)
			return Encoding{Name: name, SHA256: sum, Length: n, raw: content}, nil
		}
	}
	b, err := c.compress(name, content)
	if err != nil {
		return Encoding{}, err
	}
	e := newEncoding(name, b)
	c.cache.put(id, tag, e.SHA256, e.Length)
	return e, nil
}

// compress runs the named encoder.
func (c *compressor) compress(name string, content []byte) ([]byte, error) {
	c.compressed.Add(1)
	switch name {
	case encGzip:
		return gzipBytes(content)
	case encBrotli:
		return brotliBytes(content)
	}
	return nil, fmt.Errorf("no encoder for %q", name)
}

// compressRevision is part of every encoder tag: bump it when a change
// in encode.go (a level, the gzip header, brotli's window) changes what
// the same input compresses to, so that the cache's entries of the old
// output are not used.
const compressRevision = 1

// encoderTag names how an encoding is made, for the compression cache:
// the encoding, its level, compressRevision and the version of the
// compressor's code (Go's for compress/gzip, the brotli module's as the
// binary's build information records it; "unknown" without it, as in test
// binaries).
func encoderTag(name string) string {
	switch name {
	case encGzip:
		return encoderTags().gzip
	case encBrotli:
		return encoderTags().brotli
	}
	return name
}

var encoderTags = sync.OnceValue(func() struct{ gzip, brotli string } {
	return struct{ gzip, brotli string }{
		gzip:   fileSafe(fmt.Sprintf("gzip%d.r%d.%s", gzip.BestCompression, compressRevision, runtime.Version())),
		brotli: fileSafe(fmt.Sprintf("br%d.r%d.%s", brotliQuality, compressRevision, moduleVersion("github.com/andybalholm/brotli"))),
	}
})

// moduleVersion is the version of a module built into the binary.
func moduleVersion(path string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, m := range bi.Deps {
		if m.Path != path {
			continue
		}
		if m.Replace != nil {
			m = m.Replace
		}
		if m.Version == "" || m.Version == "(devel)" {
			return "unknown"
		}
		return m.Version
	}
	return "unknown"
}

// fileSafe keeps letters, digits, '.', '-' and '_', and makes the rest
// '_': a tag is part of a file name and a field of a cache entry.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}
