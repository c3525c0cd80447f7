package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// Contents: before anything is uploaded, every SetAssetContent operation
// gets its bytes, and they are checked against the operation.
//
// An encoding whose SHA-256 and length came from the compression cache is
// compressed now: only the ones the plan uploads, on every core. If what
// comes out is not what the cache said (an entry written by a compressor
// that differs from this one under the same tag, see cache.go), the
// asset's encodings are made again without the cache, which corrects its
// entries, and the sync plans again, since the plan compared the
// canister's SHA-256s with wrong ones. Every content, lazy or not, is
// hashed and compared with its operation's SHA-256 and length: Sync never
// uploads bytes whose SHA-256 is not the one the operation commits.

// errNotOwnHash: content whose SHA-256 is not its operation's, which Sync
// refuses to upload. It means a bug, or a Site changed by hand.
var errNotOwnHash = errors.New("upload: content does not match its operation's SHA-256")

// makeContents gives plan's operations their contents, planning again
// (once) when cached SHA-256s turn out wrong, and returns the final plan.
func (s *syncer) makeContents(ctx context.Context, site *Site, current Current, plan *Plan) (*Plan, error) {
	for round := 0; ; round++ {
		wrong, err := s.contents(ctx, plan)
		if err != nil {
			return nil, err
		}
		if len(wrong) == 0 {
			return plan, nil
		}
		if round > 0 {
			// The assets of the first round were encoded without the
			// cache: nothing lazy is left to be wrong.
			return nil, fmt.Errorf("upload: cached encodings still wrong after they were made again (%d assets)", len(wrong))
		}
		s.pr.phase("compression cache: %d cached encodings of %d files are not what this compressor makes; corrected, planning again",
			s.wrongEncodings.Load(), len(wrong))
		for _, a := range site.Assets {
			if !wrong[a.Key] {
				continue
			}
			encs, err := s.comp.encodings(a.raw, a.compress, a.names, false)
			if err != nil {
				return nil, fmt.Errorf("upload: %s: %w", a.Key, err)
			}
			a.Encodings = encs
		}
		plan = MakePlan(site, current)
	}
}

// contents makes the content of every lazy SetAssetContent operation and
// checks every content against its operation. It returns the keys of the
// assets with a lazy encoding whose cached SHA-256 or length was wrong
// (those operations keep no content).
func (s *syncer) contents(ctx context.Context, plan *Plan) (map[string]bool, error) {
	var ops []*Operation
	for i := range plan.Operations {
		if plan.Operations[i].SetAssetContent != nil {
			ops = append(ops, &plan.Operations[i])
		}
	}
	before := s.comp.compressed.Load()
	var mu sync.Mutex
	wrong := map[string]bool{}
	err := forEach(ctx, runtime.GOMAXPROCS(0), len(ops), func(_ context.Context, i int) error {
		op := ops[i]
		sc := op.SetAssetContent
		content, lazy := op.Content, op.Content == nil && op.enc != nil && op.enc.lazy()
		if lazy {
			b, err := s.comp.compress(sc.ContentEncoding, op.enc.raw)
			if err != nil {
				return fmt.Errorf("upload: %s: %w", sc.Key, err)
			}
			content = b
		}
		sum := sha256.Sum256(content)
		if bytes.Equal(sum[:], sc.SHA256) && int64(len(content)) == op.Length {
			if lazy {
				op.Content = content
				op.enc.Content, op.enc.raw = content, nil
			}
			return nil
		}
		if !lazy {
			return fmt.Errorf("%w: %s %s (%d bytes); not uploading it", errNotOwnHash, sc.Key, sc.ContentEncoding, len(content))
		}
		s.wrongEncodings.Add(1)
		mu.Lock()
		wrong[sc.Key] = true
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n := s.comp.compressed.Load() - before; n > 0 {
		s.pr.phase("compressed %d encodings to upload (%s)", n, s.since())
	}
	return wrong, nil
}
