package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/threshold-ic/threshold/assets/wire"
)

// memCanister is an in-memory double of the asset canister FOR THE
// UPLOAD-LOGIC UNIT TESTS ONLY (the end-to-end tests run the real Go
// canister in a replica). It speaks Candid through assets/wire and keeps
// batches, chunks and assets the way the asset canister does, strictly:
// unknown batches and chunks, chunks of another batch or used twice, a
// SHA-256 that is not the content's, an asset created twice, content,
// properties or deletion for a missing asset, an argument above the
// ingress limit: all are rejected, and a commit with any bad operation
// changes nothing. It records every call.
type memCanister struct {
	mu         sync.Mutex
	apiVersion uint16
	nextBatch  uint64
	nextChunk  uint64
	batches    map[uint64]bool
	chunks     map[uint64]memChunk
	assets     map[string]*memAsset

	calls    []string       // method names, in order
	argBytes int64          // sum of argument sizes
	count    map[string]int // calls per method

	// before, when set, runs before each call with the method's call
	// number (1-based); an error fails the call without executing it.
	before func(ctx context.Context, method string, n int) error
}

type memChunk struct {
	batch   uint64
	content []byte
}

type memAsset struct {
	contentType string
	encodings   map[string][]byte
	props       wire.AssetProperties
}

// ingressLimit is the IC's max_ingress_bytes_per_message.
const ingressLimit = 2 << 20

func newMemCanister() *memCanister {
	return &memCanister{apiVersion: 2, nextBatch: 1, nextChunk: 1, batches: map[uint64]bool{},
		chunks: map[uint64]memChunk{}, assets: map[string]*memAsset{}, count: map[string]int{}}
}

var _ Canister = (*memCanister)(nil)

func (m *memCanister) Query(ctx context.Context, method string, arg []byte) ([]byte, error) {
	if !wire.IsQuery(method) {
		return nil, fmt.Errorf("memCanister: %s is not a query", method)
	}
	return m.handle(ctx, method, arg)
}

func (m *memCanister) Call(ctx context.Context, method string, arg []byte) ([]byte, error) {
	if wire.IsQuery(method) {
		return nil, fmt.Errorf("memCanister: %s is a query, not an update", method)
	}
	return m.handle(ctx, method, arg)
}

func (m *memCanister) handle(ctx context.Context, method string, arg []byte) ([]byte, error) {
	m.mu.Lock()
	m.calls = append(m.calls, method)
	m.argBytes += int64(len(arg))
	m.count[method]++
	n := m.count[method]
	before := m.before
	m.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if before != nil {
		if err := before(ctx, method, n); err != nil {
			return nil, err
		}
	}
	if len(arg) > ingressLimit {
		return nil, Permanent(fmt.Errorf("memCanister: %s: message of %d bytes above the ingress limit", method, len(arg)))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch method {
	case wire.APIVersionMethod.Name:
		return serve(wire.APIVersionMethod, arg, func(struct{}) (uint16, error) { return m.apiVersion, nil })
	case wire.ListMethod.Name:
		return serve(wire.ListMethod, arg, m.list)
	case wire.GetAssetPropertiesMethod.Name:
		return serve(wire.GetAssetPropertiesMethod, arg, m.properties)
	case wire.CreateBatchMethod.Name:
		return serve(wire.CreateBatchMethod, arg, m.createBatch)
	case wire.CreateChunksMethod.Name:
		return serve(wire.CreateChunksMethod, arg, m.createChunks)
	case wire.CommitBatchMethod.Name:
		return serve(wire.CommitBatchMethod, arg, m.commitBatch)
	case wire.DeleteBatchMethod.Name:
		return serve(wire.DeleteBatchMethod, arg, m.deleteBatch)
	}
	return nil, fmt.Errorf("memCanister: method %s not supported", method)
}

// serve decodes the arguments, runs f and encodes its result; a failure
// of f is the canister's reject (permanent).
func serve[A, R any](m wire.Method[A, R], arg []byte, f func(A) (R, error)) ([]byte, error) {
	a, err := m.DecodeArgs(arg)
	if err != nil {
		return nil, Permanent(err)
	}
	r, err := f(a)
	if err != nil {
		return nil, Permanent(fmt.Errorf("memCanister: %s: %w", m.Name, err))
	}
	return m.EncodeResult(r)
}

func (m *memCanister) list(struct{}) ([]wire.AssetDetails, error) {
	var out []wire.AssetDetails
	for _, key := range slices.Sorted(maps.Keys(m.assets)) {
		a := m.assets[key]
		d := wire.AssetDetails{Key: key, ContentType: a.contentType, Encodings: []wire.AssetEncodingDetails{}}
		for _, name := range slices.Sorted(maps.Keys(a.encodings)) {
			c := a.encodings[name]
			sum := sha256.Sum256(c)
			d.Encodings = append(d.Encodings, wire.AssetEncodingDetails{ContentEncoding: name, SHA256: sum[:], Length: uint64(len(c))})
		}
		out = append(out, d)
	}
	return out, nil
}

func (m *memCanister) properties(key string) (wire.AssetProperties, error) {
	a, ok := m.assets[key]
	if !ok {
		return wire.AssetProperties{}, fmt.Errorf("asset %s not found", key)
	}
	return a.props, nil
}

func (m *memCanister) createBatch(struct{}) (uint64, error) {
	id := m.nextBatch
	m.nextBatch++
	m.batches[id] = true
	return id, nil
}

func (m *memCanister) createChunks(a wire.CreateChunksArguments) ([]uint64, error) {
	if !m.batches[a.BatchID] {
		return nil, fmt.Errorf("batch %d not found", a.BatchID)
	}
	ids := make([]uint64, 0, len(a.Content))
	for _, c := range a.Content {
		id := m.nextChunk
		m.nextChunk++
		m.chunks[id] = memChunk{batch: a.BatchID, content: bytes.Clone(c)}
		ids = append(ids, id)
	}
	return ids, nil
}

func (m *memCanister) deleteBatch(a wire.DeleteBatchArguments) (struct{}, error) {
	if !m.batches[a.BatchID] {
		return struct{}{}, fmt.Errorf("batch %d not found", a.BatchID)
	}
	m.dropBatch(a.BatchID)
	return struct{}{}, nil
}

func (m *memCanister) dropBatch(id uint64) {
	delete(m.batches, id)
	maps.DeleteFunc(m.chunks, func(_ uint64, c memChunk) bool { return c.batch == id })
}

// commitBatch applies the operations to a copy of the assets and keeps it
// only if every one succeeds.
func (m *memCanister) commitBatch(a wire.CommitBatchArguments) (struct{}, error) {
	if !m.batches[a.BatchID] {
		return struct{}{}, fmt.Errorf("batch %d not found", a.BatchID)
	}
	assets := map[string]*memAsset{}
	for k, v := range m.assets {
		c := *v
		c.encodings = maps.Clone(v.encodings)
		assets[k] = &c
	}
	used := map[uint64]bool{}
	for i, op := range a.Operations {
		if err := m.apply(assets, used, a.BatchID, op); err != nil {
			return struct{}{}, fmt.Errorf("operation %d: %w", i, err)
		}
	}
	m.assets = assets
	m.dropBatch(a.BatchID)
	return struct{}{}, nil
}

func (m *memCanister) apply(assets map[string]*memAsset, used map[uint64]bool, batch uint64, op wire.BatchOperation) error {
	switch {
	case op.CreateAsset != nil:
		c := op.CreateAsset
		if assets[c.Key] != nil {
			return fmt.Errorf("asset %s already exists", c.Key)
		}
		assets[c.Key] = &memAsset{contentType: c.ContentType, encodings: map[string][]byte{}, props: wire.AssetProperties{
			MaxAge: c.MaxAge, Headers: c.Headers, AllowRawAccess: c.AllowRawAccess, IsAliased: c.EnableAliasing}}
	case op.SetAssetContent != nil:
		s := op.SetAssetContent
		as := assets[s.Key]
		if as == nil {
			return fmt.Errorf("set_asset_content: asset %s not found", s.Key)
		}
		if len(s.ChunkIDs) == 0 && s.LastChunk == nil {
			return fmt.Errorf("set_asset_content %s %s: no chunks", s.Key, s.ContentEncoding)
		}
		var content []byte
		for _, id := range s.ChunkIDs {
			c, ok := m.chunks[id]
			if !ok || c.batch != batch || used[id] {
				return fmt.Errorf("set_asset_content %s: chunk %d not found in batch %d", s.Key, id, batch)
			}
			used[id] = true
			content = append(content, c.content...)
		}
		content = append(content, s.LastChunk...)
		if sum := sha256.Sum256(content); s.SHA256 != nil && !bytes.Equal(s.SHA256, sum[:]) {
			return fmt.Errorf("set_asset_content %s %s: sha256 mismatch", s.Key, s.ContentEncoding)
		}
		as.encodings[s.ContentEncoding] = content
	case op.UnsetAssetContent != nil:
		u := op.UnsetAssetContent
		as := assets[u.Key]
		if as == nil || as.encodings[u.ContentEncoding] == nil {
			return fmt.Errorf("unset_asset_content: %s %s not found", u.Key, u.ContentEncoding)
		}
		delete(as.encodings, u.ContentEncoding)
	case op.DeleteAsset != nil:
		if assets[op.DeleteAsset.Key] == nil {
			return fmt.Errorf("delete_asset: %s not found", op.DeleteAsset.Key)
		}
		delete(assets, op.DeleteAsset.Key)
	case op.SetAssetProperties != nil:
		p := op.SetAssetProperties
		as := assets[p.Key]
		if as == nil {
			return fmt.Errorf("set_asset_properties: %s not found", p.Key)
		}
		if p.SetMaxAge {
			as.props.MaxAge = p.MaxAge
		}
		if p.SetHeaders {
			as.props.Headers = p.Headers
		}
		if p.SetAllowRawAccess {
			as.props.AllowRawAccess = p.AllowRawAccess
		}
		if p.SetIsAliased {
			as.props.IsAliased = p.IsAliased
		}
	case op.Clear != nil:
		clear(assets)
	default:
		return errors.New("empty operation")
	}
	return nil
}

// methods returns the calls made, in order.
func (m *memCanister) methods() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.calls)
}

// calledTimes returns how often a method was called.
func (m *memCanister) calledTimes(method string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.count[method]
}
