package upload

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"

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
// SHA-256 and are not uploaded again.

// Encoding is one content encoding of an asset.
type Encoding struct {
	Name    string // "identity", "gzip" or "br"
	Content []byte
	SHA256  [32]byte
}

// saves reports whether a compressed encoding of n bytes is worth keeping
// beside identity bytes: at most 95% of its size.
func saves(n, identity int) bool { return int64(n)*20 <= int64(identity)*19 }

// brotliQuality is brotli's highest (and slowest) level.
const brotliQuality = 11

// encodings computes the encodings of content: names is a rule's list, or
// nil for the default of a type (compress says whether it is
// compressible). The result is in the order identity, gzip, br.
func encodings(content []byte, compress bool, names []string) ([]Encoding, error) {
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
	smaller := func(b []byte) bool { return force || saves(len(b), len(content)) }

	var out []Encoding
	if want[encIdentity] {
		out = append(out, newEncoding(encIdentity, content))
	}
	gzipKept := false
	if want[encGzip] {
		b, err := gzipBytes(content)
		if err != nil {
			return nil, err
		}
		if smaller(b) {
			out = append(out, newEncoding(encGzip, b))
			gzipKept = true
		}
	}
	if want[encBrotli] && (explicit || gzipKept) {
		b, err := brotliBytes(content)
		if err != nil {
			return nil, err
		}
		if smaller(b) {
			out = append(out, newEncoding(encBrotli, b))
		}
	}
	return out, nil
}

func newEncoding(name string, content []byte) Encoding {
	return Encoding{Name: name, Content: content, SHA256: sha256.Sum256(content)}
}

// gzipBytes compresses with a header that carries nothing but the
// "unknown" operating system (RFC 1952 §2.3: OS 255), the same on every
// host.
func gzipBytes(content []byte) ([]byte, error) {
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
