package upload

import (
	"context"
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

// BenchmarkSyncUnchanged is a sync of 200 files that finds nothing to do
// (scan, list and get_asset_properties against the in-memory double).
func BenchmarkSyncUnchanged(b *testing.B) {
	dir := b.TempDir()
	if err := uploadtest.GenerateSite(dir, 200, 1_000_000, 1); err != nil {
		b.Fatal(err)
	}
	m := newMemCanister()
	if _, err := Sync(context.Background(), m, dir, Options{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := Sync(context.Background(), m, dir, Options{})
		if err != nil || r.Unchanged != 200 {
			b.Fatalf("sync: %v, report %v", err, r)
		}
	}
}
