package upload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/assets/upload/uploadtest"
)

// These tests run Sync against memCanister, the in-memory double of the
// canister for upload-logic tests (memcanister_test.go).

// fastOptions retry quickly.
var fastOptions = Options{RetryDelay: time.Millisecond}

// syncOK syncs dir and checks that the canister then holds the site.
func syncOK(t *testing.T, m *memCanister, dir string, opts Options) *Report {
	t.Helper()
	r, err := Sync(context.Background(), m, dir, opts)
	if err != nil {
		t.Fatalf("Sync: %v", err)
	}
	holdsSite(t, m, dir)
	return r
}

// holdsSite checks that the canister's assets are exactly the folder's
// scan: keys, content types, every encoding's bytes, properties.
func holdsSite(t *testing.T, m *memCanister, dir string) {
	t.Helper()
	site := scanOK(t, dir)
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.assets) != len(site.Assets) {
		t.Fatalf("canister holds %d assets, the folder has %d", len(m.assets), len(site.Assets))
	}
	for _, a := range site.Assets {
		got := m.assets[a.Key]
		if got == nil {
			t.Fatalf("canister lacks %s", a.Key)
		}
		if got.contentType != a.ContentType {
			t.Errorf("%s: content type %q, want %q", a.Key, got.contentType, a.ContentType)
		}
		if len(got.encodings) != len(a.Encodings) {
			t.Errorf("%s: %d encodings, want %d", a.Key, len(got.encodings), len(a.Encodings))
		}
		for _, e := range a.Encodings {
			if !bytes.Equal(got.encodings[e.Name], e.Content) {
				t.Errorf("%s: %s content differs", a.Key, e.Name)
			}
		}
		if propertyChanges(a, got.props, true) != nil {
			t.Errorf("%s: properties %+v differ from the site's", a.Key, got.props)
		}
	}
}

func TestSyncFromEmptyThenNothing(t *testing.T) {
	dir := t.TempDir()
	if err := uploadtest.GenerateSite(dir, 40, 200_000, 1); err != nil {
		t.Fatal(err)
	}
	m := newMemCanister()
	r := syncOK(t, m, dir, fastOptions)
	if r.Files != 40 || r.Created != 40 || r.Updated+r.Deleted+r.Unchanged != 0 {
		t.Errorf("first sync report: %v", r)
	}
	calls := m.methods()
	if calls[0] != "list" || calls[1] != "api_version" || calls[2] != "create_batch" || calls[len(calls)-1] != "commit_batch" {
		t.Errorf("calls %v: want list, api_version, create_batch, create_chunks..., commit_batch", calls)
	}
	if n := m.calledTimes("commit_batch"); n != 1 {
		t.Errorf("%d commits, want 1", n)
	}
	if r.Calls != len(calls) || r.ArgBytes != m.argBytes {
		t.Errorf("report: %d calls, %d argument bytes; the canister saw %d, %d", r.Calls, r.ArgBytes, len(calls), m.argBytes)
	}
	site := scanOK(t, dir)
	if r.ContentBytes != site.Bytes() || r.Encodings != countEncodings(site) {
		t.Errorf("report: %d bytes in %d encodings, the site has %d in %d", r.ContentBytes, r.Encodings, site.Bytes(), countEncodings(site))
	}
	// 200 kB in small files fit one create_chunks call.
	if n := m.calledTimes("create_chunks"); n != 1 || r.Chunks != countEncodings(site) {
		t.Errorf("%d create_chunks calls for %d chunks, want 1 call for %d", n, r.Chunks, countEncodings(site))
	}

	m.calls = nil
	r = syncOK(t, m, dir, fastOptions)
	for _, c := range m.methods() {
		if c != "list" && c != "get_asset_properties" {
			t.Errorf("a sync with no change called %s", c)
		}
	}
	if r.Unchanged != 40 || r.Created+r.Updated+r.Deleted+r.Chunks+r.Encodings != 0 || r.ContentBytes != 0 {
		t.Errorf("second sync report: %v", r)
	}
	if r.Calls != 41 {
		t.Errorf("second sync: %d calls, want list and 40 get_asset_properties", r.Calls)
	}
}

func TestSyncChanges(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".ic-assets.json5": `[{match: "*.css", cache: {max_age: 10}}]`,
		"index.html":       "<p>one</p>",
		"style.css":        "p { color: red }",
		"gone.txt":         "bye",
		"same.txt":         "same",
		"data.bin":         "\x00\x01",
	})
	m := newMemCanister()
	syncOK(t, m, dir, fastOptions)

	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "<p>two</p>")                                             // content
	write(".ic-assets.json5", `[{match: "*.css", cache: {max_age: 20}}]`)         // properties
	write("new.js", "new()")                                                      // created
	write("data.txt", "now text")                                                 // created
	os.Remove(filepath.Join(dir, "gone.txt"))                                     // deleted
	os.Rename(filepath.Join(dir, "data.bin"), filepath.Join(dir, "data.bin.txt")) // deleted and created
	m.calls = nil
	r := syncOK(t, m, dir, fastOptions)
	if r.Created != 3 || r.Updated != 2 || r.Deleted != 2 || r.Unchanged != 1 {
		t.Errorf("report %v: want 3 created, 2 updated, 2 deleted, 1 unchanged", r)
	}
	if n := m.calledTimes("commit_batch"); n != 2 {
		t.Errorf("%d commits in all, want 2", n)
	}
}

func TestSyncContentTypeChange(t *testing.T) {
	dir := writeTree(t, map[string]string{"page.txt": "<p>hi</p>"})
	m := newMemCanister()
	syncOK(t, m, dir, fastOptions)
	if err := os.WriteFile(filepath.Join(dir, "page.txt"), []byte("caf\xe9"), 0o644); err != nil {
		t.Fatal(err) // not UTF-8 any more: the charset goes
	}
	r := syncOK(t, m, dir, fastOptions)
	if r.Updated != 1 {
		t.Errorf("report %v: want 1 updated", r)
	}
}

func TestSyncLargeFile(t *testing.T) {
	dir := t.TempDir()
	big := randomContent(2*MaxChunkSize+123, 9)
	if err := os.WriteFile(filepath.Join(dir, "video.mp4"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "small.png"), randomContent(1000, 3), 0o644); err != nil {
		t.Fatal(err)
	}
	m := newMemCanister()
	r := syncOK(t, m, dir, fastOptions)
	// Three chunks of the video; the small file rides with its tail.
	if r.Chunks != 4 || m.calledTimes("create_chunks") != 3 {
		t.Errorf("%d chunks in %d calls, want 4 in 3", r.Chunks, m.calledTimes("create_chunks"))
	}
}

// TestSyncConcurrency: create_chunks calls run Options.Concurrency at a
// time, never more.
func TestSyncConcurrency(t *testing.T) {
	dir := t.TempDir()
	for i := range 8 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%d.png", i)), randomContent(MaxChunkSize, uint64(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const want = 3
	m := newMemCanister()
	most := peakInFlight(t, m, "create_chunks", want, func() error {
		_, err := Sync(context.Background(), m, dir, Options{Concurrency: want, RetryDelay: time.Millisecond})
		return err
	})
	if most != want {
		t.Errorf("at most %d calls in flight, want %d", most, want)
	}
	holdsSite(t, m, dir)
}

// peakInFlight runs sync with the first want calls of method held until
// all of them are in flight at once (failing if they never are), and
// returns the most that were.
func peakInFlight(t *testing.T, m *memCanister, method string, want int, sync func() error) int {
	t.Helper()
	inflight, most := 0, 0
	arrived := make(chan struct{}, 4*want)
	release := make(chan struct{})
	m.before = func(ctx context.Context, name string, n int) error {
		if name != method {
			return nil
		}
		m.mu.Lock()
		inflight++
		most = max(most, inflight)
		m.mu.Unlock()
		defer func() { m.mu.Lock(); inflight--; m.mu.Unlock() }()
		select {
		case arrived <- struct{}{}:
		default: // later calls, once the count is taken
		}
		if n <= want {
			<-release // the first calls wait until all of them are in flight
		}
		return nil
	}
	done := make(chan error, 1)
	go func() { done <- sync() }()
	for range want {
		select {
		case <-arrived:
		case <-time.After(10 * time.Second):
			t.Fatalf("fewer than %d %s calls in flight at once", want, method)
		}
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return most
}

func TestSyncDryRun(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.txt": "a", "b.txt": "b"})
	m := newMemCanister()
	r, err := Sync(context.Background(), m, dir, Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.methods(), []string{"list"}) || r.Created != 2 || !r.DryRun || !strings.Contains(r.String(), "would upload 2 encodings") {
		t.Errorf("dry run: calls %v, report %v", m.methods(), r)
	}
}

func TestSyncScanError(t *testing.T) {
	dir := writeTree(t, map[string]string{ConfigFile: "[{match: 1}]"})
	m := newMemCanister()
	var ce *ConfigError
	if _, err := Sync(context.Background(), m, dir, fastOptions); !errors.As(err, &ce) || len(m.methods()) != 0 {
		t.Fatalf("error %v, calls %v: want the ConfigError and no call", err, m.methods())
	}
}

func TestSyncProgressLines(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.html": "<p>a</p>", "b.css": "b{}"})
	var out bytes.Buffer
	m := newMemCanister()
	if _, err := Sync(context.Background(), m, dir, Options{Progress: &out}); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"scanned ", ": 2 files", "warning: no security_policy", "plan: 2 to create", "uploaded ", "in 2 files", "committed batch 1: 4 operations"} {
		if !strings.Contains(text, want) {
			t.Errorf("progress lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "\r") {
		t.Errorf("progress to a non-terminal redraws:\n%q", text)
	}
	out.Reset()
	if _, err := Sync(context.Background(), m, dir, Options{Progress: &out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "up to date: 2 assets unchanged") {
		t.Errorf("second sync's progress:\n%s", out.String())
	}
}
