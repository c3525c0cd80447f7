package wire

// The converters of batches and chunks: the upload path of
// create_batch, create_chunk(s), commit_batch, propose_commit_batch,
// compute_evidence, commit_proposed_batch, delete_batch and store.

var batchID = wrap("batch_id", nat)

var commitBatchArguments = record(
	fieldOf("batch_id", nat, func(a *CommitBatchArguments) *uint64 { return &a.BatchID }),
	fieldOf("operations", vec(batchOperation), func(a *CommitBatchArguments) *[]BatchOperation { return &a.Operations }),
)

var commitProposedBatchArguments = record(
	fieldOf("batch_id", nat, func(a *CommitProposedBatchArguments) *uint64 { return &a.BatchID }),
	fieldOf("evidence", blob, func(a *CommitProposedBatchArguments) *[]byte { return &a.Evidence }),
)

var computeEvidenceArguments = record(
	fieldOf("batch_id", nat, func(a *ComputeEvidenceArguments) *uint64 { return &a.BatchID }),
	fieldOf("max_iterations", opt(nat16), func(a *ComputeEvidenceArguments) **uint16 { return &a.MaxIterations }),
)

var deleteBatchArguments = record(
	fieldOf("batch_id", nat, func(a *DeleteBatchArguments) *uint64 { return &a.BatchID }),
)

var createChunkArguments = record(
	fieldOf("batch_id", nat, func(a *CreateChunkArguments) *uint64 { return &a.BatchID }),
	fieldOf("content", blob, func(a *CreateChunkArguments) *[]byte { return &a.Content }),
)

var createChunksArguments = record(
	fieldOf("batch_id", nat, func(a *CreateChunksArguments) *uint64 { return &a.BatchID }),
	fieldOf("content", vec(blob), func(a *CreateChunksArguments) *[][]byte { return &a.Content }),
)

var storeArguments = record(
	fieldOf("key", text, func(a *StoreArguments) *string { return &a.Key }),
	fieldOf("content_type", text, func(a *StoreArguments) *string { return &a.ContentType }),
	fieldOf("content_encoding", text, func(a *StoreArguments) *string { return &a.ContentEncoding }),
	fieldOf("content", blob, func(a *StoreArguments) *[]byte { return &a.Content }),
	fieldOf("sha256", optBlob, func(a *StoreArguments) *[]byte { return &a.SHA256 }),
)
