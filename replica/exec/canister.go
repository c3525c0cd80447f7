package exec

import (
	"bytes"
	"context"
	"slices"
	"sync"
)

// Canister is one canister's execution state: its committed state and a
// pool of instances that execute against it. See doc.go for who may call
// what concurrently.
type Canister struct {
	eng *Engine
	id  []byte

	mu       sync.RWMutex // write: the committed state changes; read: an execution reads it
	st       *state       // nil while empty
	settings Settings

	poolMu sync.Mutex
	idle   []*instance
}

// NewCanister makes an empty canister (no module installed). id is the
// canister's principal as bytes.
func (e *Engine) NewCanister(id []byte, settings Settings) *Canister {
	return &Canister{eng: e, id: bytes.Clone(id), settings: settings}
}

// ID returns the canister's principal bytes.
func (cn *Canister) ID() []byte { return bytes.Clone(cn.id) }

// SetSettings replaces the canister's settings and increments its version
// if a module is installed. Owner only.
func (cn *Canister) SetSettings(s Settings) {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	cn.settings = s
	if cn.st != nil {
		cn.st.version++
	}
}

// Installed reports whether the canister has a module.
func (cn *Canister) Installed() bool {
	cn.mu.RLock()
	defer cn.mu.RUnlock()
	return cn.st != nil
}

// Metadata returns the `icp:public` / `icp:private` custom section name of
// the installed module.
func (cn *Canister) Metadata(name string) (Metadata, bool) {
	cn.mu.RLock()
	defer cn.mu.RUnlock()
	if cn.st == nil {
		return Metadata{}, false
	}
	md, ok := cn.st.mod.info.metadata[name]
	return md, ok
}

// MetadataNames returns the names of the installed module's custom
// sections, sorted.
func (cn *Canister) MetadataNames() []string {
	cn.mu.RLock()
	defer cn.mu.RUnlock()
	if cn.st == nil {
		return nil
	}
	names := make([]string, 0, len(cn.st.mod.info.metadata))
	for name := range cn.st.mod.info.metadata {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// ModuleHash returns the SHA-256 of the installed module, and false if
// the canister is empty.
func (cn *Canister) ModuleHash() ([32]byte, bool) {
	cn.mu.RLock()
	defer cn.mu.RUnlock()
	if cn.st == nil {
		return [32]byte{}, false
	}
	return cn.st.mod.hash, true
}

// CertifiedData returns the committed certified data.
func (cn *Canister) CertifiedData() []byte {
	cn.mu.RLock()
	defer cn.mu.RUnlock()
	if cn.st == nil {
		return []byte{}
	}
	return bytes.Clone(cn.st.certifiedData)
}

// GlobalTimer returns the committed global timer (0 = inactive).
func (cn *Canister) GlobalTimer() uint64 {
	cn.mu.RLock()
	defer cn.mu.RUnlock()
	if cn.st == nil {
		return 0
	}
	return cn.st.timer
}

// Close releases the canister's memories and instances.
func (cn *Canister) Close() {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	cn.drain()
	cn.st.close()
	cn.st = nil
}

// acquire returns an instance of st in sync with it: an idle one, or a new
// one. The caller holds mu for reading, or is the owner.
func (cn *Canister) acquire(ctx context.Context, st *state) (*instance, error) {
	for {
		cn.poolMu.Lock()
		var inst *instance
		if n := len(cn.idle); n > 0 {
			inst, cn.idle = cn.idle[n-1], cn.idle[:n-1]
		}
		cn.poolMu.Unlock()
		if inst == nil {
			return cn.eng.newInstance(ctx, st, false)
		}
		if inst.st == st && !inst.dead && inst.sync() {
			return inst, nil
		}
		inst.close()
	}
}

// release returns a clean instance to the pool, or closes it.
func (cn *Canister) release(inst *instance) {
	if inst.dead {
		inst.close()
		return
	}
	cn.poolMu.Lock()
	if len(cn.idle) < cn.eng.cfg.IdleInstances {
		cn.idle = append(cn.idle, inst)
		inst = nil
	}
	cn.poolMu.Unlock()
	if inst != nil {
		inst.close()
	}
}

// drain closes every idle instance. The caller holds mu for writing.
func (cn *Canister) drain() {
	cn.poolMu.Lock()
	idle := cn.idle
	cn.idle = nil
	cn.poolMu.Unlock()
	for _, inst := range idle {
		inst.close()
	}
}
