package mgmt

import (
	"bufio"
	"crypto/sha256"
	"io"
)

// checkpointMagic starts every checkpoint; checkpointVersion is its format.
const (
	checkpointMagic   = "threshold/mgmt\n"
	checkpointVersion = 1
)

// Checkpoint writes the whole table: its configuration and ranges, the
// allocation cursor, every id ever used, and each canister's record with
// its engine state (exec.Snapshot). The format is versioned, big-endian,
// length-prefixed and deterministic: equal tables write equal bytes. A
// SHA-256 of everything before it ends the stream. Owner only.
func (t *Table) Checkpoint(w io.Writer) error {
	bw := bufio.NewWriter(w)
	e := &encoder{w: bw, h: sha256.New()}
	e.raw([]byte(checkpointMagic))
	e.u64(checkpointVersion)
	if err := t.encode(e, false); err != nil {
		return err
	}
	sum := e.h.Sum(nil)
	if e.err == nil {
		_, e.err = bw.Write(sum)
	}
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

// Hash is a SHA-256 over the whole table, each canister's engine state by
// its exec StateHash: equal hashes mean equal tables on every replica, for
// differential tests. Owner only.
func (t *Table) Hash() ([32]byte, error) {
	e := &encoder{h: sha256.New()}
	e.raw([]byte("threshold/mgmt-hash\n"))
	if err := t.encode(e, true); err != nil {
		return [32]byte{}, err
	}
	return [32]byte(e.h.Sum(nil)), nil
}

// encode writes the table; hashOnly writes state hashes instead of
// snapshots.
func (t *Table) encode(e *encoder, hashOnly bool) error {
	e.principal(t.cfg.SubnetID)
	e.bytes(t.cfg.RootKey)
	e.bool(t.cfg.NoProvisional)
	e.u64(uint64(len(t.ranges)))
	for _, r := range t.ranges {
		e.principal(r.Low)
		e.principal(r.High)
	}
	e.u64(uint64(t.rng))
	e.u64(t.index)
	e.bool(t.begun)
	e.principals(sortedPrincipals(mapKeys(t.used)))
	e.u64(uint64(len(t.ids)))
	for _, id := range t.ids {
		if err := t.byID[id].encode(e, hashOnly); err != nil {
			return err
		}
	}
	return e.err
}

func (c *canister) encode(e *encoder, hashOnly bool) error {
	e.principal(c.id)
	e.u8(uint8(c.status))
	e.big(c.cycles)
	e.u64(c.created)
	e.u64(c.installed)
	e.u64(c.version)
	e.bytes(c.moduleHash)
	c.settings.encode(e)
	hashes := c.chunks.sorted()
	e.u64(uint64(len(hashes)))
	for _, h := range hashes {
		e.bytes(c.chunks[h])
	}
	e.u64(c.changeCount)
	e.u64(uint64(len(c.history)))
	for _, ch := range c.history {
		ch.encode(e)
	}
	if hashOnly {
		h, err := c.exec.StateHash()
		e.raw(h[:])
		return err
	}
	e.bool(c.exec.Installed())
	if !c.exec.Installed() {
		return nil
	}
	s, err := c.exec.Snapshot()
	if err != nil {
		return err
	}
	e.bytes(s.Wasm)
	e.bytes(s.WasmMemory)
	e.bytes(s.StableMemory)
	e.u64(uint64(len(s.Globals)))
	for _, g := range s.Globals {
		e.u64(g)
	}
	e.bytes(s.CertifiedData)
	e.u64(s.GlobalTimer)
	e.u64(s.Version)
	return nil
}

func (s *Settings) encode(e *encoder) {
	e.principals(s.Controllers)
	e.u64(s.ComputeAllocation)
	e.u64(s.MemoryAllocation)
	e.u64(s.FreezingThreshold)
	e.big(s.ReservedCyclesLimit)
	e.big(s.MinimumIncomingCanisterCallCycles)
	for _, v := range []Visibility{s.LogVisibility, s.SnapshotVisibility, s.StatusVisibility} {
		e.u8(uint8(v.Kind))
		e.principals(v.Viewers)
	}
	e.u64(s.WasmMemoryLimit)
	e.u64(s.WasmMemoryThreshold)
	e.u64(uint64(len(s.EnvVars)))
	for _, ev := range s.EnvVars {
		e.bytes([]byte(ev.Name))
		e.bytes([]byte(ev.Value))
	}
}

func (ch *change) encode(e *encoder) {
	e.u64(ch.time)
	e.u64(ch.version)
	e.principal(ch.caller)
	e.bool(ch.fromCanister)
	e.bool(ch.callerVersion != nil)
	if ch.callerVersion != nil {
		e.u64(*ch.callerVersion)
	}
	e.u8(uint8(ch.kind))
	e.bytes([]byte(ch.mode))
	e.bytes(ch.moduleHash)
	e.principals(ch.controllers)
}

func mapKeys[K comparable, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
