package upload

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// The compression cache: what compressing a content gave, so that a sync
// of a folder that changed little does not compress it all again (brotli
// at quality 11 costs about a second per megabyte of text).
//
// An entry maps (the identity content's SHA-256, the encoder's tag) to the
// compressed bytes' SHA-256 and length; the tag names the encoding, its
// level and the version of the code that compresses (encode.go's
// encoderTag), so that a new compressor starts from an empty cache instead
// of trusting another's results. The length is enough to apply the 5% rule
// again, so an encoding that was not kept is remembered too.
//
// Each entry is a small file, dir/xx/rest.tag (xx and rest: the hex
// identity SHA-256), holding one line:
//
//	compress-v1 <identity sha256> <tag> <encoding sha256> <length> <check>
//
// where check is the first 16 hex digits of the SHA-256 of what precedes
// it. It is written to a temporary file and renamed into place, so two
// syncs at once (which write the same line) never see half an entry. An
// entry that is unreadable, malformed, for another key or fails its check
// is ignored and written again. An entry that is well formed but wrong
// (which takes a compressor that changed without its tag changing) cannot
// make Sync upload wrong bytes: Sync compresses what it uploads and checks
// it against the entry (contents.go). The one wrong entry that goes
// unnoticed says an encoding does not save 5%: an encoding not kept is
// never compressed, so the file is served without it, which is still
// correct.
//
// The cache is not bounded: an entry takes a file system block or so,
// and one is added for every new content of a compressible file.
// Deleting the directory is always safe.

// cacheVersion is the cache's directory and the first word of its
// entries. Bump it when what is stored changes meaning.
const cacheVersion = "compress-v1"

// maxEntryBytes bounds what is read of an entry: a valid one has less
// than 200 bytes.
const maxEntryBytes = 512

// compressCache is the on-disk cache under dir.
type compressCache struct {
	dir string

	mu  sync.Mutex
	err error // the first failure to write an entry
}

// cacheRoot is the directory of Options.CacheDir: "" for none.
func cacheRoot(dir string) (string, error) {
	switch dir {
	case "-":
		return "", nil
	case "":
		d, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(d, "threshold", "assets"), nil
	}
	return dir, nil
}

// newCompressCache returns the cache in the cacheVersion directory of root
// (created when the first entry is written).
func newCompressCache(root string) *compressCache {
	return &compressCache{dir: filepath.Join(root, cacheVersion)}
}

// path is the file of an entry.
func (c *compressCache) path(id [32]byte, tag string) string {
	h := hex.EncodeToString(id[:])
	return filepath.Join(c.dir, h[:2], h[2:]+"."+tag)
}

// get returns an entry. Any problem with it is a miss.
func (c *compressCache) get(id [32]byte, tag string) (sum [32]byte, n int64, ok bool) {
	if c == nil {
		return sum, 0, false
	}
	f, err := os.Open(c.path(id, tag))
	if err != nil {
		return sum, 0, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxEntryBytes))
	if err != nil {
		return sum, 0, false
	}
	return parseEntry(b, id, tag)
}

// put writes an entry. A failure is remembered (see failure), not
// returned: without the cache a sync is slower, not wrong.
func (c *compressCache) put(id [32]byte, tag string, sum [32]byte, n int64) {
	if c == nil {
		return
	}
	if err := c.write(c.path(id, tag), formatEntry(id, tag, sum, n)); err != nil {
		c.mu.Lock()
		if c.err == nil {
			c.err = err
		}
		c.mu.Unlock()
	}
}

func (c *compressCache) write(p string, entry []byte) error {
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(entry)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// failure is the first failure to write an entry, or nil.
func (c *compressCache) failure() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// formatEntry is an entry's line.
func formatEntry(id [32]byte, tag string, sum [32]byte, n int64) []byte {
	line := fmt.Sprintf("%s %x %s %x %d", cacheVersion, id, tag, sum, n)
	check := sha256.Sum256([]byte(line))
	return []byte(line + " " + hex.EncodeToString(check[:8]) + "\n")
}

// parseEntry reads an entry for id and tag: it must be exactly the line
// formatEntry writes for them.
func parseEntry(b []byte, id [32]byte, tag string) (sum [32]byte, n int64, ok bool) {
	fields := strings.Split(strings.TrimSuffix(string(b), "\n"), " ")
	if len(fields) != 6 {
		return sum, 0, false
	}
	s, err := hex.DecodeString(fields[3])
	if err != nil || len(s) != len(sum) {
		return sum, 0, false
	}
	copy(sum[:], s)
	n, err = strconv.ParseInt(fields[4], 10, 64)
	if err != nil || n < 0 {
		return [32]byte{}, 0, false
	}
	if !bytes.Equal(b, formatEntry(id, tag, sum, n)) {
		return [32]byte{}, 0, false
	}
	return sum, n, true
}
