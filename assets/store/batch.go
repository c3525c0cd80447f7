package store

import (
	"encoding/hex"
	"fmt"

	"github.com/threshold-ic/threshold/assets/wire"
)

// batchExpiry is how long a batch lives after its last use
// (ic-certified-assets BATCH_EXPIRY_NANOS).
const batchExpiry = 5 * 60 * 1_000_000_000

// expire drops the batches whose time is up, except a proposed batch with
// its evidence computed (it waits for its proposal), and the chunks of
// every batch that no longer exists.
func (t *txn) expire(now uint64) {
	for id, b := range t.batches {
		if b.expiresAt <= now && b.evidence == nil {
			t.deleteBatch(id)
		}
	}
	for id, c := range t.chunks {
		if _, ok := t.batches[c.batch]; !ok {
			t.deleteChunk(id)
		}
	}
}

func (t *txn) createBatch(now uint64) (uint64, error) {
	t.expire(now)
	for id, b := range t.batches {
		if b.proposed != nil {
			if b.evidence != nil {
				return 0, fmt.Errorf("%w: batch %d is already proposed; delete or commit it to propose another", ErrBatch, id)
			}
			return 0, fmt.Errorf("%w: batch %d has not completed evidence computation; wait for it to expire or delete it", ErrBatch, id)
		}
	}
	if m := t.config.maxBatches; m != nil && uint64(len(t.batches)) >= *m {
		return 0, fmt.Errorf("%w: %d batches (max_batches)", ErrLimit, len(t.batches))
	}
	id := t.nextBatch
	t.nextBatch++
	t.putBatch(id, &batch{expiresAt: now + batchExpiry})
	return id, nil
}

// checkLimits checks that adding n chunks of the given bytes stays within
// max_chunks and max_bytes.
func (t *txn) checkLimits(n int, bytes uint64) error {
	if m := t.config.maxChunks; m != nil && uint64(len(t.chunks))+uint64(n) > *m {
		return fmt.Errorf("%w: %d chunks plus %d (max_chunks %d)", ErrLimit, len(t.chunks), n, *m)
	}
	if m := t.config.maxBytes; m != nil {
		var total uint64
		for _, b := range t.batches {
			total += b.bytes
		}
		if total+bytes > *m {
			return fmt.Errorf("%w: %d bytes plus %d (max_bytes %d)", ErrLimit, total, bytes, *m)
		}
	}
	return nil
}

func (t *txn) createChunks(batchID uint64, contents [][]byte, now uint64) ([]uint64, error) {
	t.expire(now)
	var size uint64
	for _, c := range contents {
		size += uint64(len(c))
	}
	if err := t.checkLimits(len(contents), size); err != nil {
		return nil, err
	}
	b, ok := t.batches[batchID]
	if !ok {
		return nil, fmt.Errorf("%w: batch %d", ErrNotFound, batchID)
	}
	if b.proposed != nil {
		return nil, fmt.Errorf("%w: batch %d has been proposed", ErrBatch, batchID)
	}
	nb := *b
	nb.expiresAt = now + batchExpiry
	nb.bytes += size
	t.putBatch(batchID, &nb)
	ids := make([]uint64, len(contents))
	for i, c := range contents {
		ids[i] = t.nextChunk
		t.nextChunk++
		t.putChunk(ids[i], &chunk{batch: batchID, content: c})
	}
	return ids, nil
}

// commitBatch applies the operations in order; any failure fails the
// whole update (the txn is dropped). The batch need not exist: icx-asset
// commits large batches in stages under batch id 0 and ends with an empty
// commit of the real batch, which frees it and its unused chunks.
func (t *txn) commitBatch(arg *wire.CommitBatchArguments, now uint64) error {
	if b, ok := t.batches[arg.BatchID]; ok && b.proposed != nil {
		return fmt.Errorf("%w: batch %d is proposed; commit it with commit_proposed_batch", ErrBatch, arg.BatchID)
	}
	return t.commitOps(arg, now)
}

func (t *txn) commitOps(arg *wire.CommitBatchArguments, now uint64) error {
	// last_chunk contents count against the limits as chunks would.
	var n int
	var size uint64
	for _, op := range arg.Operations {
		if op.SetAssetContent != nil && op.SetAssetContent.LastChunk != nil {
			n++
			size += uint64(len(op.SetAssetContent.LastChunk))
		}
	}
	if err := t.checkLimits(n, size); err != nil {
		return err
	}
	for i := range arg.Operations {
		if err := t.apply(&arg.Operations[i], now); err != nil {
			return fmt.Errorf("batch %d, operation %d: %w", arg.BatchID, i, err)
		}
	}
	t.deleteBatch(arg.BatchID)
	return nil
}

func (t *txn) proposeCommitBatch(arg *wire.CommitBatchArguments) error {
	b, ok := t.batches[arg.BatchID]
	if !ok {
		return fmt.Errorf("%w: batch %d", ErrNotFound, arg.BatchID)
	}
	if b.proposed != nil {
		return fmt.Errorf("%w: batch %d already has proposed CommitBatchArguments", ErrBatch, arg.BatchID)
	}
	nb := *b
	nb.proposed = arg
	t.putBatch(arg.BatchID, &nb)
	return nil
}

// computeEvidence computes a proposed batch's evidence in one go (the
// max_iterations hint is not needed) and keeps it.
func (t *txn) computeEvidence(arg *wire.ComputeEvidenceArguments) ([]byte, error) {
	b, ok := t.batches[arg.BatchID]
	if !ok {
		return nil, fmt.Errorf("%w: batch %d", ErrNotFound, arg.BatchID)
	}
	if b.proposed == nil {
		return nil, fmt.Errorf("%w: batch %d does not have CommitBatchArguments", ErrBatch, arg.BatchID)
	}
	if b.evidence != nil {
		return b.evidence, nil
	}
	nb := *b
	nb.evidence = evidence(b.proposed, t.chunks)
	t.putBatch(arg.BatchID, &nb)
	return nb.evidence, nil
}

// checkProposed is validate_commit_proposed_batch's check.
func (s *state) checkProposed(arg *wire.CommitProposedBatchArguments) (*batch, error) {
	b, ok := s.batches[arg.BatchID]
	if !ok {
		return nil, fmt.Errorf("%w: batch %d", ErrNotFound, arg.BatchID)
	}
	if b.proposed == nil {
		return nil, fmt.Errorf("%w: batch %d does not have CommitBatchArguments", ErrBatch, arg.BatchID)
	}
	if b.evidence == nil {
		return nil, fmt.Errorf("%w: batch %d does not have computed evidence", ErrBatch, arg.BatchID)
	}
	if string(b.evidence) != string(arg.Evidence) {
		return nil, fmt.Errorf("%w: batch %d computed evidence %x does not match presented evidence %x",
			ErrBatch, arg.BatchID, b.evidence, arg.Evidence)
	}
	return b, nil
}

func (t *txn) commitProposedBatch(arg *wire.CommitProposedBatchArguments, now uint64) error {
	b, err := t.checkProposed(arg)
	if err != nil {
		return err
	}
	return t.commitOps(b.proposed, now)
}

func validateCommitProposed(s *state, arg *wire.CommitProposedBatchArguments) wire.ValidationResult {
	if _, err := s.checkProposed(arg); err != nil {
		return wire.ValidationResult{Msg: err.Error()}
	}
	return wire.ValidationResult{OK: true, Msg: fmt.Sprintf("commit proposed batch %d with evidence %s", arg.BatchID, hex.EncodeToString(arg.Evidence))}
}

func (t *txn) configure(arg *wire.ConfigureArguments) {
	if arg.SetMaxBatches {
		t.config.maxBatches = clonePtr(arg.MaxBatches)
	}
	if arg.SetMaxChunks {
		t.config.maxChunks = clonePtr(arg.MaxChunks)
	}
	if arg.SetMaxBytes {
		t.config.maxBytes = clonePtr(arg.MaxBytes)
	}
}
