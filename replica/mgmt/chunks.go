package mgmt

import (
	"bytes"
	"context"
	"crypto/sha256"
	"maps"
	"slices"

	"github.com/threshold-ic/threshold/replica/api/candid"
)

// Chunk store limits (ic rs/replicated_state wasm_chunk_store.rs and
// rs/config: chunks of at most 1 MiB, 100 MiB per canister).
const (
	MaxChunkSize   = 1 << 20
	MaxChunkStore  = 100 << 20
	maxChunkCount  = MaxChunkStore / MaxChunkSize
	chunkHashBytes = sha256.Size
)

// chunkStore is a canister's wasm chunk store: chunks by SHA-256.
type chunkStore map[[chunkHashBytes]byte][]byte

// sorted returns the hashes in byte order, for replies and checkpoints.
func (s chunkStore) sorted() [][chunkHashBytes]byte {
	return slices.SortedFunc(maps.Keys(s), func(a, b [chunkHashBytes]byte) int { return bytes.Compare(a[:], b[:]) })
}

func hashValue(h []byte) candid.Value {
	return candid.RecordValue(candid.NamedValue("hash", candid.BlobValue(h)))
}

// uploadChunk is upload_chunk: controllers store a chunk of at most 1 MiB.
func (t *Table) uploadChunk(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.controlled(req, arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	chunk := field(arg, "chunk").Bytes()
	if len(chunk) > MaxChunkSize {
		return nil, errChunkStore("Wasm chunk size %d exceeds the maximum chunk size of %d", len(chunk), MaxChunkSize)
	}
	h := sha256.Sum256(chunk)
	if _, ok := c.chunks[h]; !ok {
		if len(c.chunks) >= maxChunkCount {
			return nil, errChunkStore("Wasm chunk store has already reached maximum capacity of %d chunks", maxChunkCount)
		}
		if c.chunks == nil {
			c.chunks = chunkStore{}
		}
		c.chunks[h] = slices.Clone(chunk)
	}
	return encodeResult(req.Method, hashValue(h[:]))
}

// clearChunkStore is clear_chunk_store.
func (t *Table) clearChunkStore(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.controlled(req, arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	c.chunks = nil
	return unit(req.Method)
}

// storedChunks is stored_chunks: the hashes, in byte order.
func (t *Table) storedChunks(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.controlled(req, arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	var vs []candid.Value
	for _, h := range c.chunks.sorted() {
		vs = append(vs, hashValue(h[:]))
	}
	return encodeResult(req.Method, candid.VecValue(vs...))
}

// installChunkedCode is install_chunked_code: the module is the
// concatenation of chunks of the store canister (the target by default,
// else one on the same subnet controlled by the caller), and its SHA-256
// must be wasm_module_hash.
func (t *Table) installChunkedCode(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	target, rej := t.controlled(req, arg, "target_canister")
	if rej != nil {
		return nil, rej
	}
	store := target
	if _, ok := optField(arg, "store_canister"); ok {
		sv, _ := optField(arg, "store_canister")
		if store, rej = t.controlled(req, candid.RecordValue(candid.NamedValue("canister_id", sv)), "canister_id"); rej != nil {
			return nil, rej
		}
	}
	mode, rej := installModeOf(field(arg, "mode"))
	if rej != nil {
		return nil, rej
	}
	want := field(arg, "wasm_module_hash").Bytes()
	if len(want) != chunkHashBytes {
		return nil, reject(CanisterContractViolation, "Invalid wasm hash %s", rustBytes(want))
	}
	var wasm []byte
	for _, e := range field(arg, "chunk_hashes_list").Elems() {
		h := field(e, "hash").Bytes()
		if len(h) != chunkHashBytes {
			return nil, errChunkStore("Chunk hash is invalid. The length is not 32")
		}
		chunk, ok := store.chunks[[chunkHashBytes]byte(h)]
		if !ok {
			return nil, errChunkStore("Chunk hash %s was not found", rustBytes(h))
		}
		if len(wasm)+len(chunk) > MaxChunkStore {
			return nil, errChunkStore("Wasm module size exceeds the maximum chunk store size of %d", MaxChunkStore)
		}
		wasm = append(wasm, chunk...)
	}
	if got := sha256.Sum256(wasm); !bytes.Equal(got[:], want) {
		return nil, errChunkStore("Wasm module hash %s does not match given hash WasmHash(%s)", rustBytes(got[:]), rustBytes(want))
	}
	if rej := t.install(ctx, req, arg, target, mode, wasm, field(arg, "arg").Bytes()); rej != nil {
		return nil, rej
	}
	return unit(req.Method)
}
