package upload

import (
	"context"
	"os"
	"testing"

	"github.com/threshold-ic/threshold/assets/upload/uploadtest"
)

// BenchmarkScan scans a generated site of 200 files and 5 MB (30% text,
// compressed with gzip and brotli).
func BenchmarkScan(b *testing.B) {
	dir := b.TempDir()
	if err := uploadtest.GenerateSite(dir, 200, 5_000_000, 1); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(5_000_000)
	for b.Loop() {
		if _, err := Scan(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSyncNoChange is a sync that finds nothing to do, of 300 files
// and 15 MB (scan, list and 300 get_asset_properties against the
// in-memory double): with a cold compression cache (empty at every sync:
// every text file is compressed, as every sync did before the cache) and
// a warm one (nothing is compressed).
func BenchmarkSyncNoChange(b *testing.B) {
	dir := b.TempDir()
	if err := uploadtest.GenerateSite(dir, 300, 15_000_000, 1); err != nil {
		b.Fatal(err)
	}
	m := newMemCanister()
	if _, err := Sync(context.Background(), m, dir, Options{CacheDir: "-"}); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, cacheDir func() string) {
		compressed := 0
		for b.Loop() {
			r, err := Sync(context.Background(), m, dir, Options{CacheDir: cacheDir()})
			if err != nil || r.Unchanged != 300 {
				b.Fatalf("sync: %v, report %v", err, r)
			}
			compressed += r.Compressed
		}
		b.ReportMetric(float64(compressed)/float64(b.N), "compressions/op")
	}
	b.Run("cold", func(b *testing.B) {
		root := b.TempDir()
		run(b, func() string {
			dir, err := os.MkdirTemp(root, "cache-")
			if err != nil {
				b.Fatal(err)
			}
			return dir
		})
	})
	b.Run("warm", func(b *testing.B) {
		cache := b.TempDir()
		if _, err := Sync(context.Background(), m, dir, Options{CacheDir: cache}); err != nil {
			b.Fatal(err)
		}
		run(b, func() string { return cache })
	})
}
