package upload

import (
	"cmp"
	"slices"
)

// Chunks: every encoding to upload is cut into chunks of at most
// MaxChunkSize bytes (an empty one is one empty chunk: set_asset_content
// needs at least one), and the chunks are packed into create_chunks calls
// of at most MaxChunkSize content bytes each, so that the many small files
// of a site travel a few to a message instead of one per call.

// Sizes of messages. The IC refuses an ingress message above 2 MiB
// (2,097,152 bytes, its max_ingress_bytes_per_message) including the
// envelope (sender, signature, nonce: a few hundred bytes).
const (
	// MaxChunkSize is the most content bytes in one chunk and in one
	// create_chunks call (dfx's MAX_CHUNK_SIZE): below the ingress limit
	// with room for the Candid framing of many small chunks.
	MaxChunkSize = 1_900_000
	// MaxArgBytes is the most bytes of Candid arguments Sync sends in one
	// message; commit_batch's arguments above it are an error.
	MaxArgBytes = 2_000_000
	// maxChunksPerCall bounds the chunks of one create_chunks call, so
	// that a folder of many tiny files does not make one call create tens
	// of thousands of chunks (the canister's per-message work).
	maxChunksPerCall = 1024
)

// piece is one chunk of one SetAssetContent operation's content.
type piece struct {
	op   int // index into the plan's operations
	seq  int // position within the operation's chunks
	data []byte
}

// cut splits every operation's content into pieces of at most size bytes
// (an empty content is one empty piece); chunkCounts counts them.
func cut(ops []Operation, size int) []piece {
	var pieces []piece
	for i, op := range ops {
		if op.SetAssetContent == nil {
			continue
		}
		data := op.Content
		if len(data) == 0 {
			pieces = append(pieces, piece{op: i, data: data})
			continue
		}
		for seq := 0; len(data) > 0; seq++ {
			n := min(len(data), size)
			pieces = append(pieces, piece{op: i, seq: seq, data: data[:n:n]})
			data = data[n:]
		}
	}
	return pieces
}

// chunkCounts is cut's count of pieces, from the operations' lengths (so
// before lazy contents are made).
func chunkCounts(ops []Operation, size int) []int {
	counts := make([]int, len(ops))
	for i := range ops {
		if ops[i].SetAssetContent == nil {
			continue
		}
		n := ops[i].size()
		counts[i] = max(1, int((n+int64(size)-1)/int64(size)))
	}
	return counts
}

// pack groups pieces into calls of at most size content bytes and
// maxChunks pieces: first-fit decreasing (largest pieces first, each into
// the first call with room), which fills calls well and is deterministic.
func pack(pieces []piece, size, maxChunks int) [][]piece {
	sorted := slices.Clone(pieces)
	slices.SortStableFunc(sorted, func(a, b piece) int { return cmp.Compare(len(b.data), len(a.data)) })
	var calls [][]piece
	var used []int
	for _, p := range sorted {
		i := 0
		for ; i < len(calls); i++ {
			if used[i]+len(p.data) <= size && len(calls[i]) < maxChunks {
				break
			}
		}
		if i == len(calls) {
			calls = append(calls, nil)
			used = append(used, 0)
		}
		calls[i] = append(calls[i], p)
		used[i] += len(p.data)
	}
	return calls
}
