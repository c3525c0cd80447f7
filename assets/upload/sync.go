package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/threshold-ic/threshold/assets/wire"
)

// Options tune Sync. The zero value is usable.
type Options struct {
	// Concurrency is the number of update calls in flight (create_chunks);
	// default 4.
	Concurrency int
	// QueryConcurrency is the number of get_asset_properties queries in
	// flight (queries are read-only and cheap: one per asset the canister
	// already holds); default 16.
	QueryConcurrency int
	// CacheDir is the directory of Sync's caches. The compression cache
	// (the SHA-256 and length of each content's gzip and brotli encodings,
	// so that unchanged files are not compressed again) is its
	// "compress-v1" subdirectory. Empty means "threshold/assets" in
	// os.UserCacheDir (without one, no cache); "-" means no cache: every
	// sync compresses every compressible file.
	CacheDir string
	// Progress receives progress lines (a bar when it is a terminal);
	// nil for none.
	Progress io.Writer
	// Retries is how many times a call that failed transiently is sent
	// again; 0 means the default, 4; negative means never.
	Retries int
	// RetryDelay is the wait before the first retry, doubled for each
	// further one; default 500ms.
	RetryDelay time.Duration
	// Retryable decides which failures are transient; nil means
	// DefaultRetryable.
	Retryable func(error) bool
	// DryRun plans and reports without changing the canister.
	DryRun bool
}

// Errors of Sync.
var (
	// ErrTooLarge: the batch's operations do not fit one commit_batch
	// message. Sync does not split a commit (that would make it
	// non-atomic); sync a smaller folder first, or fewer changes at once.
	ErrTooLarge = errors.New("upload: the operations do not fit one commit_batch message")
	// ErrAPIVersion: the canister predates create_chunks (asset API
	// version 2).
	ErrAPIVersion = errors.New("upload: the canister's asset API is too old")
	// ErrCommitUnknown: commit_batch failed after an earlier attempt
	// failed in transit, which may have been applied; a new sync tells
	// (it plans nothing if it was).
	ErrCommitUnknown = errors.New("upload: commit_batch's outcome is unknown")
)

// minAPIVersion is the first asset API version with create_chunks (dfx
// uploads one chunk per call below it).
const minAPIVersion = 2

// Sync makes the canister serve the folder dir: it scans the folder, asks
// the canister what it holds, and when anything differs uploads the new
// content into a batch and commits all changes at once with one
// commit_batch. The commit is atomic: a sync that fails or is interrupted
// leaves the previous version served (Sync deletes its batch; the canister
// expires batches abandoned otherwise).
func Sync(ctx context.Context, c Canister, dir string, opts Options) (*Report, error) {
	s := newSyncer(c, opts)
	if s.cacheErr != nil {
		s.pr.phase("warning: no compression cache: %v", s.cacheErr)
	}
	site, err := scanWith(dir, os.ReadFile, s.comp)
	if err != nil {
		return nil, err
	}
	s.pr.phase("scanned %s: %d files, %s in %d encodings; %s (%s)", site.Dir, len(site.Assets),
		formatBytes(site.Bytes()), countEncodings(site), s.compression(), s.since())
	for _, w := range site.Warnings {
		s.pr.phase("warning: %s", w)
	}
	r, err := s.sync(ctx, site)
	if err := s.comp.cache.failure(); err != nil {
		s.pr.phase("warning: compression cache: %v", err)
	}
	return r, err
}

// compression says what the scan compressed.
func (s *syncer) compression() string {
	if s.comp.cache == nil {
		return fmt.Sprintf("%d compressed, no cache", s.comp.compressed.Load())
	}
	return fmt.Sprintf("%d compressed, %d from the cache", s.comp.compressed.Load(), s.comp.cached.Load())
}

// syncer is one run of Sync.
type syncer struct {
	cl       *client
	opts     Options
	comp     *compressor
	cacheErr error // why there is no cache, when it was wanted
	pr       *progress
	now      func() time.Time
	start    time.Time

	wrongEncodings atomic.Int64 // cached encodings found wrong (contents.go)
}

func newSyncer(c Canister, opts Options) *syncer {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.QueryConcurrency <= 0 {
		opts.QueryConcurrency = 16
	}
	switch {
	case opts.Retries == 0:
		opts.Retries = 4
	case opts.Retries < 0:
		opts.Retries = 0
	}
	if opts.RetryDelay <= 0 {
		opts.RetryDelay = 500 * time.Millisecond
	}
	if opts.Retryable == nil {
		opts.Retryable = DefaultRetryable
	}
	now := time.Now
	s := &syncer{
		cl:    &client{c: c, retries: opts.Retries, delay: opts.RetryDelay, retryable: opts.Retryable},
		opts:  opts,
		comp:  new(compressor),
		pr:    newProgress(opts.Progress, now),
		now:   now,
		start: now(),
	}
	root, err := cacheRoot(opts.CacheDir)
	switch {
	case err != nil:
		s.cacheErr = err
	case root != "":
		s.comp.cache = newCompressCache(root)
	}
	return s
}

func (s *syncer) since() time.Duration { return s.now().Sub(s.start).Round(time.Millisecond) }

// sync brings the canister to the site.
func (s *syncer) sync(ctx context.Context, site *Site) (*Report, error) {
	current, err := s.current(ctx, site)
	if err != nil {
		return nil, err
	}
	plan := MakePlan(site, current)
	r, done, err := s.check(site, plan)
	if done || err != nil {
		return r, err
	}
	fixed, err := s.makeContents(ctx, site, current, plan)
	if err != nil {
		return nil, err
	}
	if fixed != plan {
		plan = fixed
		if r, done, err = s.check(site, plan); done || err != nil {
			return r, err
		}
	}
	v, err := invoke(ctx, s.cl, wire.APIVersionMethod, struct{}{})
	if err != nil {
		return nil, err
	}
	if v < minAPIVersion {
		return nil, fmt.Errorf("%w: version %d, sync needs %d (create_chunks)", ErrAPIVersion, v, minAPIVersion)
	}
	batch, err := invoke(ctx, s.cl, wire.CreateBatchMethod, struct{}{})
	if err != nil {
		return nil, err
	}
	if err := s.uploadAndCommit(ctx, batch, plan, r); err != nil {
		s.deleteBatch(ctx, batch)
		return nil, err
	}
	s.pr.phase("committed batch %d: %d operations (%s)", batch, len(plan.Operations), s.since())
	return s.finish(r), nil
}

// check tells the plan and ends the sync when there is nothing more to
// do: nothing to change, a commit too large to send, or a dry run.
// Otherwise it returns the report to complete.
func (s *syncer) check(site *Site, plan *Plan) (*Report, bool, error) {
	r := s.report(site, plan)
	if plan.Empty() {
		s.pr.phase("up to date: %d assets unchanged", plan.Unchanged)
		return s.finish(r), true, nil
	}
	s.pr.phase("plan: %d to create, %d to update, %d to delete, %d unchanged; %d encodings, %s to upload",
		plan.Created, plan.Updated, plan.Deleted, plan.Unchanged, plan.Encodings(), formatBytes(plan.ContentBytes()))
	if err := checkCommitSize(plan); err != nil {
		return nil, true, err
	}
	if s.opts.DryRun {
		return s.finish(r), true, nil
	}
	return r, false, nil
}

// current asks the canister for its assets, and for the properties of
// those the site keeps with the same content type.
func (s *syncer) current(ctx context.Context, site *Site) (Current, error) {
	list, err := invoke(ctx, s.cl, wire.ListMethod, struct{}{})
	if err != nil {
		return Current{}, err
	}
	types := map[string]string{}
	for _, a := range site.Assets {
		types[a.Key] = a.ContentType
	}
	var keys []string
	for _, d := range list {
		if ct, ok := types[d.Key]; ok && ct == d.ContentType {
			keys = append(keys, d.Key)
		}
	}
	props := make(map[string]wire.AssetProperties, len(keys))
	var mu sync.Mutex
	err = forEach(ctx, s.opts.QueryConcurrency, len(keys), func(ctx context.Context, i int) error {
		p, err := invoke(ctx, s.cl, wire.GetAssetPropertiesMethod, keys[i])
		if err != nil {
			return err
		}
		mu.Lock()
		props[keys[i]] = p
		mu.Unlock()
		return nil
	})
	if err != nil {
		return Current{}, err
	}
	return Current{Assets: list, Properties: props}, nil
}

// deleteBatch drops a failed sync's batch, best effort: the context may be
// cancelled already, so it gets a short one of its own.
func (s *syncer) deleteBatch(ctx context.Context, batch uint64) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if _, err := invoke(ctx, s.cl, wire.DeleteBatchMethod, wire.DeleteBatchArguments{BatchID: batch}); err != nil {
		s.pr.phase("could not delete batch %d (the canister expires it): %v", batch, err)
	}
}

func countEncodings(site *Site) int {
	n := 0
	for _, a := range site.Assets {
		n += len(a.Encodings)
	}
	return n
}
