package upload

import (
	"bytes"
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Syncs with the compression cache (cache_test.go has the cache's own
// tests and helpers).

// syncCounting syncs dir, checks that the canister then holds the site,
// and returns the report and the encoder calls of the sync alone.
func syncCounting(t *testing.T, m *memCanister, dir string, opts Options) (*Report, int) {
	t.Helper()
	var r *Report
	var err error
	n := compressions(func() { r, err = Sync(context.Background(), m, dir, opts) })
	if err != nil {
		t.Fatalf("Sync: %v", err)
	}
	holdsSite(t, m, dir)
	return r, n
}

// TestPlanSameWithCache: the plan of a warm scan is the plan without the
// cache, operation for operation, and once Sync has made the contents,
// byte for byte.
func TestPlanSameWithCache(t *testing.T) {
	dir, root := generated(t), t.TempDir()
	scanCached(t, dir, root)
	want := scanOK(t, dir)
	// The canister holds half the assets, and for a third of those an
	// older gzip encoding.
	var held []*Asset
	for i, a := range want.Assets {
		if i%2 == 0 {
			c := *a
			c.Encodings = append([]Encoding(nil), a.Encodings...)
			if i%3 == 0 && len(c.Encodings) > 1 {
				c.Encodings[1] = newEncoding(c.Encodings[1].Name, []byte("old"))
			}
			held = append(held, &c)
		}
	}
	current := holding(held...)
	wantPlan := MakePlan(want, current)

	site, _ := scanCached(t, dir, root)
	plan := MakePlan(site, current)
	if len(plan.Operations) != len(wantPlan.Operations) || plan.ContentBytes() != wantPlan.ContentBytes() {
		t.Fatalf("%d operations, %d bytes; want %d, %d", len(plan.Operations), plan.ContentBytes(), len(wantPlan.Operations), wantPlan.ContentBytes())
	}
	lazy := 0
	for i := range plan.Operations {
		if !reflect.DeepEqual(plan.Operations[i].BatchOperation, wantPlan.Operations[i].BatchOperation) {
			t.Fatalf("operation %d: %s, want %s", i, describe(plan.Operations[i]), describe(wantPlan.Operations[i]))
		}
		if plan.Operations[i].SetAssetContent != nil && plan.Operations[i].Content == nil {
			lazy++
		}
	}
	if lazy == 0 {
		t.Fatal("no lazy content in the plan: the test tests nothing")
	}
	s := newSyncer(newMemCanister(), Options{CacheDir: root})
	var made *Plan
	var err error
	if calls := compressions(func() { made, err = s.makeContents(context.Background(), site, current, plan) }); err != nil || calls != lazy {
		t.Fatalf("makeContents: %v; %d encoder calls, want %d", err, calls, lazy)
	}
	if made != plan {
		t.Error("planned again, with a correct cache")
	}
	for i, op := range made.Operations {
		if !bytes.Equal(op.Content, wantPlan.Operations[i].Content) {
			t.Errorf("operation %d (%s): content differs", i, describe(op))
		}
	}
}

// TestSyncWarmCache: syncs with the cache compress only what changed,
// upload exactly what the operations' SHA-256s say (memCanister checks)
// and leave the canister holding the folder.
func TestSyncWarmCache(t *testing.T) {
	dir, root := generated(t), t.TempDir()
	opts := Options{CacheDir: root, RetryDelay: time.Millisecond}
	m := newMemCanister()
	r, n := syncCounting(t, m, dir, opts)
	if n == 0 || r.Compressed != n || r.CacheHits != 0 {
		t.Errorf("first sync: %d encoder calls; report %v", n, r)
	}
	first := r.Compressed

	if r, n = syncCounting(t, m, dir, opts); n != 0 || r.Compressed != 0 || r.CacheHits != first || r.Unchanged != 40 {
		t.Errorf("sync with nothing changed: %d encoder calls; report %v", n, r)
	}

	// Three text files change: only they are compressed, in the scan.
	site := scanOK(t, dir)
	var changed []*Asset
	for _, a := range site.Assets {
		if len(a.Encodings) == 3 && len(changed) < 3 {
			changed = append(changed, a)
			if err := os.WriteFile(a.Source, append(bytes.Repeat([]byte("changed "), 200), a.Encodings[0].Content...), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(changed) != 3 {
		t.Fatalf("%d files with three encodings, want 3", len(changed))
	}
	if r, n = syncCounting(t, m, dir, opts); n != 6 || r.Compressed != 6 || r.Updated != 3 || r.Encodings != 9 {
		t.Errorf("sync of 3 changed files: %d encoder calls, want 6; report %v", n, r)
	}

	// A new canister from a warm cache: every compressed encoding is
	// compressed once, to be uploaded.
	site = scanOK(t, dir)
	dry, err := Sync(context.Background(), newMemCanister(), dir, Options{CacheDir: root, DryRun: true})
	if err != nil || dry.Compressed != 0 || dry.ContentBytes != site.Bytes() {
		t.Errorf("dry run from a warm cache: %v; report %v, want %d bytes and no compression", err, dry, site.Bytes())
	}
	r, n = syncCounting(t, newMemCanister(), dir, opts)
	if want := compressedEncodings(site); n != want || r.Compressed != want || r.ContentBytes != site.Bytes() {
		t.Errorf("first sync to a new canister from a warm cache: %d encoder calls, want %d; report %v", n, want, r)
	}
}

// TestSyncSameCallsWithCache: a sync from a warm cache sends what a sync
// without a cache sends, call for call.
func TestSyncSameCallsWithCache(t *testing.T) {
	dir, root := generated(t), t.TempDir()
	scanCached(t, dir, root)
	record := func(cacheDir string) ([]string, int64) {
		m := newMemCanister()
		syncOK(t, m, dir, Options{CacheDir: cacheDir, Concurrency: 1}) // one call at a time: the chunk ids are the same
		return m.methods(), m.argBytes
	}
	calls, bytes := record(root)
	wantCalls, wantBytes := record("-")
	if !reflect.DeepEqual(calls, wantCalls) || bytes != wantBytes {
		t.Errorf("with the cache: %v, %d argument bytes; without: %v, %d", calls, bytes, wantCalls, wantBytes)
	}
}

// TestSyncRefusesContentNotOwnHash: content that does not hash to its
// operation's SHA-256 is never uploaded.
func TestSyncRefusesContentNotOwnHash(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.txt": "aaa", "b.txt": "bbb"})
	site := scanOK(t, dir)
	site.Assets[1].Encodings[0].Content = []byte("ccc")
	m := newMemCanister()
	_, err := newSyncer(m, Options{CacheDir: "-"}).sync(context.Background(), site)
	if !errors.Is(err, errNotOwnHash) || !strings.Contains(err.Error(), "/b.txt identity") {
		t.Fatalf("error %v, want errNotOwnHash for /b.txt", err)
	}
	if m.calledTimes("create_batch")+m.calledTimes("create_chunks") != 0 {
		t.Errorf("calls %v: want none after list", m.methods())
	}
}

// TestQueryConcurrency: get_asset_properties queries run
// Options.QueryConcurrency at a time, whatever Concurrency is.
func TestQueryConcurrency(t *testing.T) {
	dir := generated(t)
	m := newMemCanister()
	syncOK(t, m, dir, fastOptions)
	const want = 7
	most := peakInFlight(t, m, "get_asset_properties", want, func() error {
		_, err := Sync(context.Background(), m, dir, Options{Concurrency: 1, QueryConcurrency: want})
		return err
	})
	if most != want {
		t.Errorf("at most %d queries in flight, want %d", most, want)
	}
}
