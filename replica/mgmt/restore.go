package mgmt

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"slices"

	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
)

// Bounds a checkpoint must respect; a larger field is an error before it
// is read.
const (
	maxRootKey     = 4 << 10
	maxRanges      = 1 << 10
	maxUsedIDs     = 1 << 32
	maxWasmModule  = 1 << 30
	maxWasmMemory  = 1 << 32
	maxStable      = 1 << 40
	maxGlobals     = 1 << 20
	maxCertified   = 32
	maxStringBytes = 1 << 10
)

// Restore reads a table written by Checkpoint, strictly: any malformed,
// truncated, inconsistent or corrupted input is an error wrapping
// ErrCheckpoint (or the engine's error for a module it cannot restore),
// never a panic.
func Restore(ctx context.Context, eng *exec.Engine, r io.Reader) (*Table, error) {
	d := &decoder{r: bufio.NewReader(r), h: sha256.New()}
	magic := make([]byte, len(checkpointMagic))
	d.raw(magic)
	if d.err == nil && string(magic) != checkpointMagic {
		d.fail("not a checkpoint")
	}
	if v := d.u64(); d.err == nil && v != checkpointVersion {
		d.fail("unknown version %d", v)
	}
	cfg := Config{SubnetID: d.principal(), RootKey: d.bytes(maxRootKey, "root key"), NoProvisional: d.bool()}
	var ranges []Range
	for range d.count(maxRanges, "ranges") {
		ranges = append(ranges, Range{Low: d.principal(), High: d.principal()})
	}
	if d.err != nil {
		return nil, d.err
	}
	t, err := NewTable(eng, ranges, cfg)
	if err != nil {
		d.fail("%v", err)
		return nil, d.err
	}
	rng, index, begun := d.u64(), d.u64(), d.bool()
	if rng > uint64(len(ranges)) {
		d.fail("allocation cursor outside the ranges")
	}
	t.rng, t.index, t.begun = int(rng), index, begun
	used := d.principals(maxUsedIDs, "used ids")
	if !slices.IsSortedFunc(used, principal.Compare) || len(sortedPrincipals(used)) != len(used) {
		d.fail("used ids not sorted")
	}
	for _, p := range used {
		t.used[p] = true
	}
	n := d.count(maxUsedIDs, "canisters")
	for i := 0; i < n && d.err == nil; i++ {
		c := t.decodeCanister(ctx, d)
		if d.err != nil {
			break
		}
		if !t.used[c.id] || (len(t.ids) > 0 && principal.Compare(t.ids[len(t.ids)-1], c.id) >= 0) {
			c.exec.Close()
			d.fail("canister %s out of order or not marked used", c.id)
			break
		}
		t.add(c)
	}
	want := d.h.Sum(nil)
	sum := make([]byte, sha256.Size)
	d.raw(sum)
	if d.err == nil && !bytes.Equal(sum, want) {
		d.fail("checksum mismatch")
	}
	if d.err == nil {
		if _, err := d.r.Read(make([]byte, 1)); err != io.EOF {
			d.fail("trailing data")
		}
	}
	if d.err != nil {
		t.Close()
		return nil, d.err
	}
	return t, nil
}

// Close releases the engine state of every canister.
func (t *Table) Close() {
	for _, c := range t.byID {
		c.exec.Close()
	}
	t.byID, t.ids = map[principal.Principal]*canister{}, nil
}

func (t *Table) decodeCanister(ctx context.Context, d *decoder) *canister {
	c := &canister{id: d.principal(), status: exec.Status(d.u8()), cycles: d.big(),
		created: d.u64(), installed: d.u64(), version: d.u64()}
	if c.status < exec.Running || c.status > exec.Stopped {
		d.fail("bad status")
	}
	if c.moduleHash = d.bytes(sha256.Size, "module hash"); len(c.moduleHash) == 0 {
		c.moduleHash = nil
	}
	c.settings = decodeSettings(d)
	for range d.count(maxChunkCount, "chunks") {
		chunk := d.bytes(MaxChunkSize, "chunk")
		if c.chunks == nil {
			c.chunks = chunkStore{}
		}
		c.chunks[sha256.Sum256(chunk)] = chunk
	}
	c.changeCount = d.u64()
	for range d.count(maxHistory, "history") {
		c.history = append(c.history, decodeChange(d))
	}
	if c.changeCount < uint64(len(c.history)) {
		d.fail("change count below history length")
	}
	installed := d.bool()
	if d.err != nil {
		return nil
	}
	if !installed {
		c.exec = t.eng.NewCanister(c.id.Bytes(), t.execSettings(c))
		return c
	}
	s := &exec.Snapshot{Wasm: d.bytes(maxWasmModule, "wasm"), WasmMemory: d.bytes(maxWasmMemory, "wasm memory"),
		StableMemory: d.bytes(maxStable, "stable memory")}
	for range d.count(maxGlobals, "globals") {
		s.Globals = append(s.Globals, d.u64())
	}
	s.CertifiedData, s.GlobalTimer, s.Version = d.bytes(maxCertified, "certified data"), d.u64(), d.u64()
	if d.err != nil {
		return nil
	}
	cn, err := t.eng.Restore(ctx, c.id.Bytes(), t.execSettings(c), s)
	if err != nil {
		d.fail("canister %s: %v", c.id, err)
		return nil
	}
	c.exec = cn
	return c
}

func decodeSettings(d *decoder) Settings {
	s := Settings{Controllers: d.principals(MaxControllers, "controllers"),
		ComputeAllocation: d.u64(), MemoryAllocation: d.u64(), FreezingThreshold: d.u64(),
		ReservedCyclesLimit: d.big(), MinimumIncomingCanisterCallCycles: d.big()}
	if s.ComputeAllocation > MaxComputeAllocation {
		d.fail("compute allocation")
	}
	for _, v := range []*Visibility{&s.LogVisibility, &s.SnapshotVisibility, &s.StatusVisibility} {
		v.Kind = VisibilityKind(d.u8())
		v.Viewers = d.principals(MaxControllers, "viewers")
		if v.Kind > AllowedViewers || (v.Kind != AllowedViewers && len(v.Viewers) > 0) {
			d.fail("bad visibility")
		}
		if v.Kind != AllowedViewers {
			v.Viewers = nil
		}
	}
	s.WasmMemoryLimit, s.WasmMemoryThreshold = d.u64(), d.u64()
	if s.WasmMemoryLimit > MaxWasmMemoryLimit {
		d.fail("wasm memory limit")
	}
	for range d.count(maxEnvVars, "environment variables") {
		ev := exec.EnvVar{Name: string(d.bytes(maxEnvNameLength, "name")), Value: string(d.bytes(maxEnvValueLength, "value"))}
		if n := len(s.EnvVars); n > 0 && s.EnvVars[n-1].Name >= ev.Name {
			d.fail("environment variables not sorted")
		}
		s.EnvVars = append(s.EnvVars, ev)
	}
	return s
}

func decodeChange(d *decoder) change {
	ch := change{time: d.u64(), version: d.u64(), caller: d.principal(), fromCanister: d.bool()}
	if d.bool() {
		v := d.u64()
		ch.callerVersion = &v
	}
	ch.kind = changeKind(d.u8())
	ch.mode = string(d.bytes(maxStringBytes, "mode"))
	if ch.moduleHash = d.bytes(sha256.Size, "module hash"); len(ch.moduleHash) == 0 {
		ch.moduleHash = nil
	}
	ch.controllers = d.principals(MaxControllers, "controllers")
	switch {
	case ch.kind < changeCreation || ch.kind > changeControllers:
		d.fail("bad change kind")
	case ch.kind == changeDeployment && ch.mode != "install" && ch.mode != "reinstall" && ch.mode != "upgrade":
		d.fail("bad deployment mode")
	case ch.kind != changeDeployment && (ch.mode != "" || ch.moduleHash != nil):
		d.fail("mode outside a deployment")
	}
	return ch
}
