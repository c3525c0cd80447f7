package upload

import (
	"fmt"
	"time"
)

// Report is what a sync found and did.
type Report struct {
	// Files is the number of files scanned (the site's assets).
	Files int
	// Assets created, updated, deleted and unchanged (see Plan).
	Created, Updated, Deleted, Unchanged int
	// Encodings is the number of encodings uploaded, ContentBytes their
	// size, Chunks the chunks they took.
	Encodings    int
	ContentBytes int64
	Chunks       int
	// Compressed is the number of encodings compressed: in the scan, those
	// of contents the compression cache did not know; before the upload,
	// those it knew that had to be uploaded. CacheHits is the number of
	// compressions the cache saved in the scan.
	Compressed, CacheHits int
	// ArgBytes is the size of the Candid arguments of every call made,
	// Calls their number (queries and updates, retries included).
	ArgBytes int64
	Calls    int
	// Elapsed is the time from the start of the scan to the end.
	Elapsed time.Duration
	// Warnings about the folder's configuration (Site.Warnings).
	Warnings []string
	// DryRun: nothing was changed.
	DryRun bool
}

func (r *Report) String() string {
	verb := "uploaded"
	if r.DryRun {
		verb = "would upload"
	}
	return fmt.Sprintf("%d files: %d created, %d updated, %d deleted, %d unchanged; %s %d encodings (%s) in %d chunks; %d calls, %s of arguments; %d compressed, %d from the cache; %s",
		r.Files, r.Created, r.Updated, r.Deleted, r.Unchanged, verb, r.Encodings, formatBytes(r.ContentBytes),
		r.Chunks, r.Calls, formatBytes(r.ArgBytes), r.Compressed, r.CacheHits, r.Elapsed.Round(time.Millisecond))
}

// report starts the report of a planned sync.
func (s *syncer) report(site *Site, plan *Plan) *Report {
	return &Report{
		Files:        len(site.Assets),
		Created:      plan.Created,
		Updated:      plan.Updated,
		Deleted:      plan.Deleted,
		Unchanged:    plan.Unchanged,
		Encodings:    plan.Encodings(),
		ContentBytes: plan.ContentBytes(),
		Warnings:     site.Warnings,
		DryRun:       s.opts.DryRun,
	}
}

// finish fills in the counters of the calls made and the time taken.
func (s *syncer) finish(r *Report) *Report {
	r.Calls = int(s.cl.calls.Load())
	r.Compressed = int(s.comp.compressed.Load())
	r.CacheHits = int(s.comp.cached.Load())
	r.ArgBytes = s.cl.argBytes.Load()
	r.Elapsed = s.now().Sub(s.start)
	return r
}
