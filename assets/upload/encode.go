package upload

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"sync/atomic"

	"github.com/andybalholm/brotli"
)

// Content encodings. Every asset has identity; compressible ones (see the
// content type table) also get gzip (compress/gzip at BestCompression)
// and br (brotli at quality 11), each kept only when it saves at least 5%
// of identity's bytes: below that the canister would store and certify a
// second copy for almost nothing. Brotli at quality 11 costs about a
// second per megabyte of text, so it is tried only when gzip saved enough:
// content that gzip cannot shrink by 5% (already compressed, random)
// would not pay for it either.
//
// A rule's "encodings" replaces the default list. With identity in the
// list the others are still kept only when they save 5%; without it they
// are always kept, as dfx does (there is nothing to compare them to).
//
// Compression is deterministic: the same input gives the same bytes on
// every run (gzip's header has no name, no modification time and the
// "unknown" operating system; both compressors are pure functions of their
// input and parameters), so an unchanged file's encodings keep their
// SHA-256 and are not uploaded again. That is also what lets the
// compression cache (cache.go) stand in for compressing: an unchanged
// file's encodings are known by their SHA-256 and length, and compressed
// again only when they must be uploaded.

// Encoding is one content encoding of an asset.
type Encoding struct {
	Name string // "identity", "gzip" or "br"
	// Content is the encoding's bytes. It is nil for a compressed
	// encoding whose SHA-256 and length came from the compression cache
	// (Options.CacheDir) until Sync compresses it to upload it.
	Content []byte
	SHA256  [32]byte
	// Length is the content's length in bytes, known before Content is.
	Length int64

	// raw, while set, is the asset's file, which Content is still to be
	// made from (a lazy encoding).
	raw []byte
}

// lazy reports whether Content is still to be made by compressing raw.
func (e *Encoding) lazy() bool { return e.raw != nil }

// size is the encoding's length: Content's, or Length before it is made.
func (e *Encoding) size() int64 {
	if e.Content == nil {
		return e.Length
	}
	return int64(len(e.Content))
}

// saves reports whether a compressed encoding of n bytes is worth keeping
// beside identity bytes: at most 95% of its size.
func saves(n, identity int) bool { return int64(n)*20 <= int64(identity)*19 }

// brotliQuality is brotli's highest (and slowest) level.
const brotliQuality = 11

func newEncoding(name string, content []byte) Encoding {
	return Encoding{Name: name, Content: content, SHA256: sha256.Sum256(content), Length: int64(len(content))}
}

// encoderCalls counts the compressions of the process (gzipBytes and
// brotliBytes): the tests' way to see that a warm cache compresses
// nothing.
var encoderCalls atomic.Int64

// gzipBytes compresses with a header that carries nothing but the
// "unknown" operating system (RFC 1952 §2.3: OS 255), the same on every
// host.
func gzipBytes(content []byte) ([]byte, error) {
	encoderCalls.Add(1)
	var buf bytes.Buffer
	buf.Grow(len(content)/3 + 64)
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	w.Header = gzip.Header{OS: 255}
	if _, err := w.Write(content); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return buf.Bytes(), nil
}

// brotliBytes compresses at quality 11. The window is the smallest that
// holds the whole input (at least brotli's minimum, 2^10, at most its
// default, 2^22): the output is the same for a given input on every run,
// and small files do not pay for a large window.
func brotliBytes(content []byte) ([]byte, error) {
	encoderCalls.Add(1)
	lgwin := 10
	for lgwin < 22 && 1<<lgwin < len(content) {
		lgwin++
	}
	var buf bytes.Buffer
	buf.Grow(len(content)/3 + 64)
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotliQuality, LGWin: lgwin})
	if _, err := w.Write(content); err != nil {
		return nil, fmt.Errorf("brotli: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("brotli: %w", err)
	}
	return buf.Bytes(), nil
}
