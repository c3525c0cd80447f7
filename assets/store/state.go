package store

import (
	"maps"

	"github.com/threshold-ic/threshold/assets/wire"
)

// state is everything the canister keeps between messages, apart from the
// certification derived from it. Its maps are shared between a committed
// state and the transaction built on it until the transaction writes to
// one (copy on write), so that a failing update leaves the committed
// state exactly as it was.
type state struct {
	assets  map[string]*asset // by key; an *asset never changes once stored
	batches map[uint64]*batch // an *batch never changes once stored
	chunks  map[uint64]*chunk
	perms   [numPermissions]map[string]bool // principal bytes as string
	config  config

	nextBatch, nextChunk uint64
}

// config holds the limits of configure (nil: no limit).
type config struct {
	maxBatches, maxChunks, maxBytes *uint64
}

// batch is an upload in progress.
type batch struct {
	expiresAt uint64 // ns; refreshed by every create_chunk(s)
	bytes     uint64 // total size of its chunks
	proposed  *wire.CommitBatchArguments
	evidence  []byte // nil until compute_evidence
}

// chunk is a piece of content uploaded into a batch.
type chunk struct {
	batch   uint64
	content []byte
}

func newState() *state {
	s := &state{
		assets:    map[string]*asset{},
		batches:   map[uint64]*batch{},
		chunks:    map[uint64]*chunk{},
		nextBatch: 1,
		nextChunk: 1,
	}
	for i := range s.perms {
		s.perms[i] = map[string]bool{}
	}
	return s
}

// txn is a state being changed by one update. The own* flags say which
// maps the txn has already copied.
type txn struct {
	state
	ownAssets, ownBatches, ownChunks bool
	ownPerms                         [numPermissions]bool
	// assetsChanged is set by every write to assets: the certification
	// has to follow.
	assetsChanged bool
}

func begin(s *state) *txn { return &txn{state: *s} }

func (t *txn) putAsset(a *asset) {
	if !t.ownAssets {
		t.assets, t.ownAssets = maps.Clone(t.assets), true
	}
	t.assets[a.key] = a
	t.assetsChanged = true
}

func (t *txn) deleteAsset(key string) {
	if _, ok := t.assets[key]; !ok {
		return
	}
	if !t.ownAssets {
		t.assets, t.ownAssets = maps.Clone(t.assets), true
	}
	delete(t.assets, key)
	t.assetsChanged = true
}

func (t *txn) clearAssets() {
	if len(t.assets) == 0 {
		return
	}
	t.assets, t.ownAssets, t.assetsChanged = map[string]*asset{}, true, true
}

func (t *txn) putBatch(id uint64, b *batch) {
	if !t.ownBatches {
		t.batches, t.ownBatches = maps.Clone(t.batches), true
	}
	t.batches[id] = b
}

// deleteBatch drops a batch and every chunk uploaded into it.
func (t *txn) deleteBatch(id uint64) {
	if _, ok := t.batches[id]; ok {
		if !t.ownBatches {
			t.batches, t.ownBatches = maps.Clone(t.batches), true
		}
		delete(t.batches, id)
	}
	for cid, c := range t.chunks {
		if c.batch == id {
			t.deleteChunk(cid)
		}
	}
}

func (t *txn) putChunk(id uint64, c *chunk) {
	if !t.ownChunks {
		t.chunks, t.ownChunks = maps.Clone(t.chunks), true
	}
	t.chunks[id] = c
}

func (t *txn) deleteChunk(id uint64) {
	if _, ok := t.chunks[id]; !ok {
		return
	}
	if !t.ownChunks {
		t.chunks, t.ownChunks = maps.Clone(t.chunks), true
	}
	delete(t.chunks, id)
}

func (t *txn) permSet(p wire.Permission) map[string]bool {
	i := permIndex(p)
	if !t.ownPerms[i] {
		t.perms[i], t.ownPerms[i] = maps.Clone(t.perms[i]), true
	}
	return t.perms[i]
}
