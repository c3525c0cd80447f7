package upload

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Failures of a sync: none may leave a half-applied site or a batch behind.

func TestSyncInterrupted(t *testing.T) {
	dir := t.TempDir()
	for i := range 6 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%d.png", i)), randomContent(MaxChunkSize, uint64(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := newMemCanister()
	// A previous version is served.
	old := writeTree(t, map[string]string{"index.html": "<p>old</p>"})
	syncOK(t, m, old, fastOptions)

	ctx, cancel := context.WithCancel(context.Background())
	m.before = func(_ context.Context, method string, n int) error {
		if method == "create_chunks" && n == 2 {
			cancel()
			return ctx.Err()
		}
		return nil
	}
	_, err := Sync(ctx, m, dir, Options{Concurrency: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if n := m.calledTimes("commit_batch"); n != 1 {
		t.Errorf("%d commits, want only the first sync's", n)
	}
	if n := m.calledTimes("delete_batch"); n != 1 {
		t.Errorf("delete_batch called %d times, want 1", n)
	}
	if len(m.batches) != 0 || len(m.chunks) != 0 {
		t.Errorf("%d batches and %d chunks left", len(m.batches), len(m.chunks))
	}
	holdsSite(t, m, old)
}

func TestSyncCommitRejected(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.txt": "a"})
	m := newMemCanister()
	reject := errors.New("not authorized")
	m.before = func(_ context.Context, method string, _ int) error {
		if method == "commit_batch" {
			return Permanent(reject)
		}
		return nil
	}
	_, err := Sync(context.Background(), m, dir, fastOptions)
	if !errors.Is(err, reject) || errors.Is(err, ErrCommitUnknown) {
		t.Fatalf("error %v, want the reject (and a known outcome)", err)
	}
	if m.calledTimes("commit_batch") != 1 || m.calledTimes("delete_batch") != 1 || len(m.batches) != 0 {
		t.Errorf("calls %v, batches left %d: want one commit attempt, then delete_batch", m.methods(), len(m.batches))
	}
	if len(m.assets) != 0 {
		t.Errorf("%d assets after a rejected commit", len(m.assets))
	}
}

func TestSyncCommitOutcomeUnknown(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.txt": "a"})
	m := newMemCanister()
	m.before = func(_ context.Context, method string, _ int) error {
		if method == "commit_batch" {
			return errors.New("connection reset by peer")
		}
		return nil
	}
	_, err := Sync(context.Background(), m, dir, Options{Retries: 2, RetryDelay: time.Millisecond})
	var ce *CallError
	if !errors.Is(err, ErrCommitUnknown) || !errors.As(err, &ce) || ce.Attempts != 3 {
		t.Fatalf("error %v, want ErrCommitUnknown after 3 attempts", err)
	}
}

func TestSyncRetries(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.txt": "a", "b.txt": "b"})
	m := newMemCanister()
	m.before = func(_ context.Context, method string, n int) error {
		if (method == "create_chunks" || method == "list") && n <= 2 {
			return errors.New("503 service unavailable")
		}
		return nil
	}
	r := syncOK(t, m, dir, fastOptions)
	if m.calledTimes("create_chunks") != 3 || m.calledTimes("list") != 3 {
		t.Errorf("calls %v: want two failed attempts before each success", m.methods())
	}
	if r.Calls != len(m.methods()) {
		t.Errorf("report counts %d calls, the canister saw %d", r.Calls, len(m.methods()))
	}

	m2 := newMemCanister()
	m2.before = func(_ context.Context, method string, _ int) error {
		if method == "create_chunks" {
			return Permanent(errors.New("out of memory"))
		}
		return nil
	}
	_, err := Sync(context.Background(), m2, dir, fastOptions)
	if err == nil || m2.calledTimes("create_chunks") != 1 || m2.calledTimes("delete_batch") != 1 {
		t.Errorf("permanent failure: error %v, calls %v; want one attempt, then delete_batch", err, m2.methods())
	}

	m3 := newMemCanister()
	m3.before = func(_ context.Context, method string, _ int) error {
		if method == "list" {
			return errors.New("timeout")
		}
		return nil
	}
	_, err = Sync(context.Background(), m3, dir, Options{Retries: -1})
	if err == nil || m3.calledTimes("list") != 1 {
		t.Errorf("Retries -1: error %v after %d attempts, want 1", err, m3.calledTimes("list"))
	}
}

func TestSyncTooLarge(t *testing.T) {
	// Keys of about 1 kB: 1,300 new assets need over 2.5 MB of operations.
	dir := t.TempDir()
	long := filepath.Join(dir, strings.Repeat("d", 200), strings.Repeat("e", 200), strings.Repeat("f", 200), strings.Repeat("g", 200))
	if err := os.MkdirAll(long, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 1300 {
		if err := os.WriteFile(filepath.Join(long, fmt.Sprintf("%0150d.png", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := newMemCanister()
	_, err := Sync(context.Background(), m, dir, fastOptions)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	if calls := m.methods(); !slices.Equal(calls, []string{"list"}) {
		t.Errorf("calls %v: want the error before any batch", calls)
	}
}

func TestSyncAPIVersion(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.txt": "a"})
	m := newMemCanister()
	m.apiVersion = 1
	_, err := Sync(context.Background(), m, dir, fastOptions)
	if !errors.Is(err, ErrAPIVersion) || m.calledTimes("create_batch") != 0 {
		t.Fatalf("error %v, calls %v: want ErrAPIVersion before create_batch", err, m.methods())
	}
}
