package upload

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/threshold-ic/threshold/assets/wire"
)

// uploadAndCommit uploads the plan's content into batch and commits it.
func (s *syncer) uploadAndCommit(ctx context.Context, batch uint64, plan *Plan, r *Report) error {
	ids, err := s.upload(ctx, batch, plan, r)
	if err != nil {
		return err
	}
	args := commitArgs(batch, plan.Operations, ids)
	arg, err := wire.CommitBatchMethod.EncodeArgs(args)
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	if len(arg) > MaxArgBytes {
		return fmt.Errorf("%w: %d operations take %d bytes, more than %d", ErrTooLarge, len(args.Operations), len(arg), MaxArgBytes)
	}
	return s.commit(ctx, arg)
}

// upload sends the plan's content in create_chunks calls, several at a
// time, and returns the chunk ids of each operation (nil for operations
// without content).
func (s *syncer) upload(ctx context.Context, batch uint64, plan *Plan, r *Report) ([][]uint64, error) {
	pieces, counts := cut(plan.Operations, MaxChunkSize), chunkCounts(plan.Operations, MaxChunkSize)
	calls := pack(pieces, MaxChunkSize, maxChunksPerCall)
	ids := make([][]uint64, len(plan.Operations))
	for i, n := range counts {
		if n > 0 {
			ids[i] = make([]uint64, n)
		}
	}
	// Files are done when all the chunks of all their encodings are.
	left := map[string]int{}
	for i, n := range counts {
		if n > 0 {
			left[plan.Operations[i].SetAssetContent.Key] += n
		}
	}
	s.pr.startUpload(plan.ContentBytes(), len(left))
	var mu sync.Mutex
	err := forEach(ctx, s.opts.Concurrency, len(calls), func(ctx context.Context, c int) error {
		call := calls[c]
		content := make([][]byte, len(call))
		var bytes int64
		for i, p := range call {
			content[i] = p.data
			bytes += int64(len(p.data))
		}
		got, err := invoke(ctx, s.cl, wire.CreateChunksMethod, wire.CreateChunksArguments{BatchID: batch, Content: content})
		if err != nil {
			return err
		}
		if len(got) != len(call) {
			return fmt.Errorf("upload: create_chunks returned %d chunk ids for %d chunks", len(got), len(call))
		}
		mu.Lock()
		done := 0
		for i, p := range call {
			ids[p.op][p.seq] = got[i]
			key := plan.Operations[p.op].SetAssetContent.Key
			if left[key]--; left[key] == 0 {
				done++
			}
		}
		r.Chunks += len(call)
		mu.Unlock()
		s.pr.add(bytes, done)
		return nil
	})
	s.pr.endUpload()
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// commitArgs makes commit_batch's arguments: the operations, with each
// SetAssetContent's chunk ids.
func commitArgs(batch uint64, ops []Operation, ids [][]uint64) wire.CommitBatchArguments {
	args := wire.CommitBatchArguments{BatchID: batch, Operations: make([]wire.BatchOperation, len(ops))}
	for i, op := range ops {
		args.Operations[i] = op.BatchOperation
		if sc := op.SetAssetContent; sc != nil {
			c := *sc
			c.ChunkIDs = ids[i]
			args.Operations[i].SetAssetContent = &c
		}
	}
	return args
}

// placeholderChunkID stands for chunk ids before they are known, when
// checking that a commit will fit: 2^28, larger than any id a canister
// hands out in practice, so that the estimate errs on the large side.
const placeholderChunkID = 1 << 28

// checkCommitSize refuses, before anything is uploaded, a plan whose
// commit_batch would not fit one message.
func checkCommitSize(plan *Plan) error {
	counts := chunkCounts(plan.Operations, MaxChunkSize)
	ids := make([][]uint64, len(counts))
	for i, n := range counts {
		for range n {
			ids[i] = append(ids[i], placeholderChunkID)
		}
	}
	arg, err := wire.CommitBatchMethod.EncodeArgs(commitArgs(0, plan.Operations, ids))
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	if len(arg) > MaxArgBytes {
		return fmt.Errorf("%w: %d operations would take about %d bytes, more than %d",
			ErrTooLarge, len(plan.Operations), len(arg), MaxArgBytes)
	}
	return nil
}

// commit sends commit_batch. When it fails in a way that may have
// happened after the canister applied it (a failure in transit, on any
// attempt, or cancellation while it was in flight) the error wraps
// ErrCommitUnknown.
func (s *syncer) commit(ctx context.Context, arg []byte) error {
	m := wire.CommitBatchMethod
	reply, err := s.cl.send(ctx, m.Name, false, arg)
	if err != nil {
		var ce *CallError
		if ctx.Err() != nil || (errors.As(err, &ce) && (ce.Attempts > 1 || s.cl.retryable(ce.Err))) {
			return fmt.Errorf("%w: %w", ErrCommitUnknown, err)
		}
		return err
	}
	if _, err := m.DecodeResult(reply); err != nil {
		return fmt.Errorf("upload: commit_batch: %w", err)
	}
	return nil
}
