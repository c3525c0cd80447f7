package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/assets/upload/uploadtest"
)

// compressions counts the encoder calls (encoderCalls) that f makes.
func compressions(f func()) int {
	before := encoderCalls.Load()
	f()
	return int(encoderCalls.Load() - before)
}

// compressedEncodings is the number of a site's encodings other than
// identity.
func compressedEncodings(site *Site) int {
	n := 0
	for _, a := range site.Assets {
		for _, e := range a.Encodings {
			if e.Name != encIdentity {
				n++
			}
		}
	}
	return n
}

// generated is a folder of 40 generated files (24 or so of them text).
func generated(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := uploadtest.GenerateSite(dir, 40, 400_000, 3); err != nil {
		t.Fatal(err)
	}
	return dir
}

// scanCached scans dir with the cache in root.
func scanCached(t *testing.T, dir, root string) (*Site, *compressor) {
	t.Helper()
	c := &compressor{cache: newCompressCache(root)}
	site, err := scanWith(dir, os.ReadFile, c)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return site, c
}

// sameEncodings checks that a site scanned with the cache has exactly the
// encodings of one scanned without: names, SHA-256s, lengths.
func sameEncodings(t *testing.T, got, want *Site) {
	t.Helper()
	if len(got.Assets) != len(want.Assets) {
		t.Fatalf("%d assets, want %d", len(got.Assets), len(want.Assets))
	}
	for i, a := range want.Assets {
		g := got.Assets[i]
		if len(g.Encodings) != len(a.Encodings) {
			t.Fatalf("%s: encodings %v, want %v", a.Key, names(g.Encodings), names(a.Encodings))
		}
		for j, e := range a.Encodings {
			ge := g.Encodings[j]
			if ge.Name != e.Name || ge.SHA256 != e.SHA256 || ge.Length != int64(len(e.Content)) {
				t.Errorf("%s %s: %x, %d bytes; want %x, %d", a.Key, e.Name, ge.SHA256[:4], ge.Length, e.SHA256[:4], len(e.Content))
			}
		}
	}
}

func TestCacheEntry(t *testing.T) {
	id := sha256.Sum256([]byte("content"))
	sum := sha256.Sum256([]byte("compressed"))
	tag := encoderTag(encBrotli)
	entry := formatEntry(id, tag, sum, 1234)
	if s, n, ok := parseEntry(entry, id, tag); !ok || s != sum || n != 1234 {
		t.Fatalf("parse of %q: %x %d %v", entry, s, n, ok)
	}
	flip := func(i int) []byte {
		b := bytes.Clone(entry)
		if b[i] == 'a' {
			b[i] = 'b'
		} else {
			b[i] = 'a'
		}
		return b
	}
	other := sha256.Sum256([]byte("other"))
	for name, b := range map[string][]byte{
		"empty":          nil,
		"truncated":      entry[:len(entry)-5],
		"no newline":     entry[:len(entry)-1],
		"two newlines":   append(bytes.Clone(entry), '\n'),
		"trailing bytes": append(bytes.Clone(entry), "x\n"...),
		"sum flipped":    flip(strings.Index(string(entry), tag) + len(tag) + 3),
		"check flipped":  flip(len(entry) - 3),
		"another key":    formatEntry(other, tag, sum, 1234),
		"another tag":    formatEntry(id, encoderTag(encGzip), sum, 1234),
		"negative":       []byte(strings.Replace(string(entry), " 1234 ", " -1234 ", 1)),
		"garbage":        []byte("\x00\xff not an entry at all"),
	} {
		if _, _, ok := parseEntry(b, id, tag); ok {
			t.Errorf("%s: %q accepted", name, b)
		}
	}
}

// TestScanWarmCacheCompressesNothing: a second scan of an unchanged folder
// compresses nothing, and gives the encodings a scan without the cache
// gives.
func TestScanWarmCacheCompressesNothing(t *testing.T) {
	dir, root := generated(t), t.TempDir()
	want := scanOK(t, dir)
	n := compressedEncodings(want)
	if n < 10 {
		t.Fatalf("only %d compressed encodings: the folder is not a test", n)
	}

	var cold *compressor
	calls := compressions(func() { _, cold = scanCached(t, dir, root) })
	if calls == 0 || int(cold.compressed.Load()) != calls || cold.cached.Load() != 0 {
		t.Errorf("cold cache: %d encoder calls, %d counted, %d hits", calls, cold.compressed.Load(), cold.cached.Load())
	}

	var site *Site
	var warm *compressor
	if calls := compressions(func() { site, warm = scanCached(t, dir, root) }); calls != 0 || warm.compressed.Load() != 0 {
		t.Errorf("warm cache: %d encoder calls, want none", calls)
	}
	if warm.cached.Load() != cold.compressed.Load() {
		t.Errorf("warm cache: %d hits, want %d (every compression of the cold scan)", warm.cached.Load(), cold.compressed.Load())
	}
	sameEncodings(t, site, want)
	for _, a := range site.Assets {
		for _, e := range a.Encodings {
			if lazy := e.Name != encIdentity; (e.Content == nil) != lazy || e.lazy() != lazy {
				t.Errorf("%s %s: content present %v, lazy %v", a.Key, e.Name, e.Content != nil, e.lazy())
			}
		}
	}
	if site.Bytes() != want.Bytes() {
		t.Errorf("site bytes %d, want %d", site.Bytes(), want.Bytes())
	}
}

// entryPaths are the cache entries of a content.
func entryPaths(c *compressCache, content []byte) []string {
	id := sha256.Sum256(content)
	return []string{c.path(id, encoderTag(encGzip)), c.path(id, encoderTag(encBrotli))}
}

// textAssets are the site's assets with all three encodings.
func textAssets(site *Site) []*Asset {
	var out []*Asset
	for _, a := range site.Assets {
		if len(a.Encodings) == 3 {
			out = append(out, a)
		}
	}
	return out
}

// TestCacheCorruptEntries: unreadable entries are ignored, the
// encodings compressed again and the entries written anew.
func TestCacheCorruptEntries(t *testing.T) {
	dir, root := generated(t), t.TempDir()
	_, cold := scanCached(t, dir, root)
	texts := textAssets(scanOK(t, dir))
	if len(texts) < 5 {
		t.Fatalf("%d text assets", len(texts))
	}
	c := cold.cache
	corrupt := map[string]func(b []byte) []byte{
		"garbage":   func([]byte) []byte { return []byte("garbage\n") },
		"truncated": func(b []byte) []byte { return b[:len(b)/2] },
		"empty":     func([]byte) []byte { return nil },
		"bit flip":  func(b []byte) []byte { b = bytes.Clone(b); b[len(cacheVersion)+70] ^= 1; return b },
	}
	i, broken := 0, 0
	for _, f := range corrupt {
		p := entryPaths(c, texts[i].Encodings[0].Content)[i%2]
		i++
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f(b), 0o600); err != nil {
			t.Fatal(err)
		}
		broken++
	}
	// A directory where an entry should be: unreadable, and not replaced.
	p := entryPaths(c, texts[i].Encodings[0].Content)[0]
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(p, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	broken++

	var site *Site
	var warm *compressor
	if n := compressions(func() { site, warm = scanCached(t, dir, root) }); n != broken || int(warm.cached.Load()) != int(cold.compressed.Load())-broken {
		t.Errorf("warm scan with %d broken entries: %d encoder calls, %d hits", broken, n, warm.cached.Load())
	}
	if warm.cache.failure() == nil {
		t.Error("no failure recorded for the entry that could not be written")
	}
	sameEncodings(t, site, scanOK(t, dir))
	if n := compressions(func() { scanCached(t, dir, root) }); n != 1 {
		t.Errorf("after the repair: %d encoder calls, want 1 (the entry that is a directory)", n)
	}
}

// TestCacheWrongEntries: entries that are well formed but wrong, as a
// compressor whose output changed under the same tag would leave, are
// found when their encodings are uploaded: the sync corrects them, plans
// again and uploads the right bytes.
func TestCacheWrongEntries(t *testing.T) {
	dir, root := generated(t), t.TempDir()
	opts := Options{CacheDir: root, RetryDelay: time.Millisecond}
	scanCached(t, dir, root)
	site := scanOK(t, dir)
	texts := textAssets(site)
	c := newCompressCache(root)
	lie := func(a *Asset, enc int, sum [32]byte, n int64) {
		e := a.Encodings[enc]
		c.put(a.Encodings[0].SHA256, encoderTag(e.Name), sum, n)
	}
	truth := func(a *Asset, enc int) bool {
		e := a.Encodings[enc]
		s, n, ok := c.get(a.Encodings[0].SHA256, encoderTag(e.Name))
		return ok && s == e.SHA256 && n == int64(len(e.Content))
	}
	lie(texts[0], 2, sha256.Sum256([]byte("another brotli")), texts[0].Encodings[2].Length) // another hash
	lie(texts[1], 1, texts[1].Encodings[1].SHA256, texts[1].Encodings[1].Length-1)          // another length

	var out bytes.Buffer
	m := newMemCanister()
	opts.Progress = &out
	r := syncOK(t, m, dir, opts)
	if !strings.Contains(out.String(), "compression cache: 2 cached encodings of 2 files are not what this compressor makes") {
		t.Errorf("progress:\n%s", out.String())
	}
	if !truth(texts[0], 2) || !truth(texts[1], 1) {
		t.Error("wrong entries not corrected")
	}
	// Every compressed encoding once, to upload it; the two assets with
	// a wrong entry again, both their encodings, without the cache.
	if want := compressedEncodings(site) + 4; r.Created != 40 || r.Compressed != want {
		t.Errorf("report %v: want 40 created, %d compressed", r, want)
	}

	// The canister holds the right encodings; a wrong entry makes the
	// plan upload one, which turns out to be held already.
	c.put(texts[0].Encodings[0].SHA256, encoderTag(encGzip), sha256.Sum256([]byte("x")), texts[0].Encodings[1].Length)
	m.calls = nil
	out.Reset()
	r, err := Sync(context.Background(), m, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if m.calledTimes("create_batch") != 1 || !strings.Contains(out.String(), "up to date") || r.Encodings != 0 {
		t.Errorf("report %v, calls %v; progress:\n%s", r, m.methods(), out.String())
	}
	if !truth(texts[0], 1) {
		t.Error("wrong gzip entry not corrected")
	}

	// A wrong entry that says an encoding does not save 5% is trusted:
	// it is never uploaded, so never checked. The canister serves
	// identity alone for that file, which is still right.
	a := texts[2]
	lie(a, 1, sha256.Sum256([]byte("bigger")), a.Encodings[0].Length)
	fresh := newMemCanister()
	if _, err := Sync(context.Background(), fresh, dir, opts); err != nil {
		t.Fatal(err)
	}
	if got := fresh.assets[a.Key].encodings; len(got) != 1 || !bytes.Equal(got[encIdentity], a.Encodings[0].Content) {
		t.Errorf("%s: %d encodings, want identity alone", a.Key, len(got))
	}
}

// TestCacheConcurrentScans: scans sharing a cache at once (two syncs of
// the same folder) all see right entries.
func TestCacheConcurrentScans(t *testing.T) {
	dir, root := generated(t), t.TempDir()
	want := scanOK(t, dir)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			c := &compressor{cache: newCompressCache(root)}
			site, err := scanWith(dir, os.ReadFile, c)
			if err != nil {
				t.Error(err)
				return
			}
			sameEncodings(t, site, want)
		})
	}
	wg.Wait()
	if n := compressions(func() { scanCached(t, dir, root) }); n != 0 {
		t.Errorf("after concurrent scans: %d encoder calls, want 0", n)
	}
	tmp, err := filepath.Glob(filepath.Join(root, cacheVersion, "*", ".tmp-*"))
	if err != nil || len(tmp) != 0 {
		t.Errorf("temporary files left: %v %v", tmp, err)
	}
}

func TestCacheDirOption(t *testing.T) {
	dir := generated(t)
	t.Run("off", func(t *testing.T) {
		for range 2 {
			r := syncOK(t, newMemCanister(), dir, Options{CacheDir: "-"})
			if r.Compressed == 0 || r.CacheHits != 0 {
				t.Errorf("report %v: want compression and no cache", r)
			}
		}
	})
	t.Run("default", func(t *testing.T) {
		syncOK(t, newMemCanister(), dir, Options{})
		user, err := os.UserCacheDir() // TestMain's temporary directory
		if err != nil {
			t.Fatal(err)
		}
		site := scanOK(t, dir)
		c := newCompressCache(filepath.Join(user, "threshold", "assets"))
		a := textAssets(site)[0]
		if s, _, ok := c.get(a.Encodings[0].SHA256, encoderTag(encBrotli)); !ok || s != a.Encodings[2].SHA256 {
			t.Errorf("no entry for %s in the default cache %s", a.Key, c.dir)
		}
	})
	t.Run("unwritable", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		r := syncOK(t, newMemCanister(), dir, Options{CacheDir: file, Progress: &out})
		if r.Compressed == 0 || !strings.Contains(out.String(), "warning: compression cache: ") {
			t.Errorf("report %v; progress:\n%s", r, out.String())
		}
	})
}
