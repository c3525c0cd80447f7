package exec

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash"
)

// Snapshot is a canister's committed state as plain bytes, for
// checkpoints and state transfer. Restoring it gives a canister that
// executes exactly as the original would.
type Snapshot struct {
	// Wasm is the installed module (decompressed, as hashed).
	Wasm          []byte
	WasmMemory    []byte
	StableMemory  []byte
	Globals       []uint64 // mutable globals in index order
	CertifiedData []byte
	GlobalTimer   uint64
	Version       uint64
}

// Snapshot copies the committed state. Safe to call concurrently with
// queries.
func (cn *Canister) Snapshot() (*Snapshot, error) {
	cn.mu.RLock()
	defer cn.mu.RUnlock()
	st := cn.st
	if st == nil {
		return nil, ErrNotInstalled
	}
	s := &Snapshot{
		Wasm:          st.mod.wasm,
		WasmMemory:    make([]byte, st.heapLen),
		StableMemory:  make([]byte, st.stablePages*stablePageSize),
		Globals:       append([]uint64(nil), st.globals...),
		CertifiedData: bytes.Clone(st.certifiedData),
		GlobalTimer:   st.timer,
		Version:       st.version,
	}
	if err := st.heap.readAt(s.WasmMemory, 0); err != nil {
		return nil, err
	}
	if err := st.stable.readAt(s.StableMemory, 0); err != nil {
		return nil, err
	}
	return s, nil
}

// Restore makes a canister whose committed state is s, without running
// any of its code. The module is compiled only if its hash is new.
func (e *Engine) Restore(ctx context.Context, id []byte, settings Settings, s *Snapshot) (*Canister, error) {
	mod, err := e.load(ctx, s.Wasm)
	if err != nil {
		return nil, err
	}
	if len(s.WasmMemory)%wasmPageSize != 0 || len(s.StableMemory)%stablePageSize != 0 ||
		uint64(len(s.WasmMemory)) > maxWasmMemory || int64(len(s.StableMemory)) > e.cfg.MaxStableMemory ||
		len(s.Globals) != len(mod.info.instrumented.Globals) || len(s.CertifiedData) > maxCertifiedData {
		return nil, errors.New("exec: snapshot does not fit its module or the limits")
	}
	st, err := newState(mod, e.cfg.MaxStableMemory)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(st.heap.writeSparse(s.WasmMemory), st.stable.writeSparse(s.StableMemory)); err != nil {
		st.close()
		return nil, err
	}
	st.heapLen, st.stablePages = uint64(len(s.WasmMemory)), uint64(len(s.StableMemory))/stablePageSize
	st.globals, st.certifiedData = append([]uint64(nil), s.Globals...), bytes.Clone(s.CertifiedData)
	st.timer, st.version = s.GlobalTimer, s.Version
	cn := e.NewCanister(id, settings)
	cn.st = st
	return cn, nil
}

// StateHash is a SHA-256 over the committed state: module hash, wasm
// memory, stable memory, globals, certified data, timer and version, each
// length-prefixed. Equal hashes mean equal states on every replica. Safe
// to call concurrently with queries.
func (cn *Canister) StateHash() ([32]byte, error) {
	cn.mu.RLock()
	defer cn.mu.RUnlock()
	h := sha256.New()
	h.Write([]byte("threshold-canister-state-v1"))
	st := cn.st
	if st == nil {
		return [32]byte(h.Sum(nil)), nil
	}
	h.Write(st.mod.hash[:])
	if err := hashRegion(h, st.heap, st.heapLen); err != nil {
		return [32]byte{}, err
	}
	if err := hashRegion(h, st.stable, st.stablePages*stablePageSize); err != nil {
		return [32]byte{}, err
	}
	writeU64(h, uint64(len(st.globals)))
	for _, g := range st.globals {
		writeU64(h, g)
	}
	writeU64(h, uint64(len(st.certifiedData)))
	h.Write(st.certifiedData)
	writeU64(h, st.timer)
	writeU64(h, st.version)
	return [32]byte(h.Sum(nil)), nil
}

func hashRegion(h hash.Hash, r *region, n uint64) error {
	writeU64(h, n)
	buf := make([]byte, 1<<20)
	for off := uint64(0); off < n; off += uint64(len(buf)) {
		chunk := buf[:min(uint64(len(buf)), n-off)]
		if err := r.readAt(chunk, int(off)); err != nil {
			return err
		}
		h.Write(chunk)
	}
	return nil
}

func writeU64(h hash.Hash, v uint64) {
	h.Write(binary.BigEndian.AppendUint64(nil, v))
}
