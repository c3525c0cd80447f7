package mgmt

import (
	"context"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/exec"
)

// canisterStatus is canister_status: for controllers, the canister itself
// and whoever its status_visibility names. Every field of
// canister_status_result is present.
func (t *Table) canisterStatus(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.lookup(arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	if req.Caller != c.id && !c.settings.StatusVisibility.allows(req.Caller, c.settings.Controllers) {
		return nil, errInvalidController(c.id, c.settings.Controllers, req.Caller)
	}
	return encodeResult(req.Method, t.statusValue(c))
}

// memory is a canister's memory use by kind, in bytes.
type memory struct{ wasm, stable, globals, binary, chunks uint64 }

func (m memory) total() uint64 { return m.wasm + m.stable + m.globals + m.binary + m.chunks }

// memoryOf measures a canister; with a module it copies its state, which
// is the cost of a status call until the engine reports sizes itself.
func (t *Table) memoryOf(c *canister) (memory, uint64) {
	var m memory
	for _, ch := range c.chunks {
		m.chunks += uint64(len(ch))
	}
	if !c.exec.Installed() {
		return m, c.version
	}
	snap, err := c.exec.Snapshot()
	if err != nil {
		return m, c.version
	}
	m.wasm, m.stable = uint64(len(snap.WasmMemory)), uint64(len(snap.StableMemory))
	m.globals, m.binary = 8*uint64(len(snap.Globals)), uint64(len(snap.Wasm))
	return m, snap.Version
}

func statusName(s exec.Status) string {
	switch s {
	case exec.Stopping:
		return "stopping"
	case exec.Stopped:
		return "stopped"
	}
	return "running"
}

func (t *Table) statusValue(c *canister) candid.Value {
	m, version := t.memoryOf(c)
	hash := candid.NoneValue()
	if c.exec.Installed() && c.moduleHash != nil {
		hash = candid.OptValue(candid.BlobValue(c.moduleHash))
	}
	zero := natOf(0)
	return candid.RecordValue(
		candid.NamedValue("status", candid.VariantValue(candid.NamedValue(statusName(c.status), candid.NullValue()))),
		candid.NamedValue("ready_for_migration", candid.BoolValue(false)),
		candid.NamedValue("version", candid.FixedNatValue(candid.KindNat64, version)),
		candid.NamedValue("settings", c.settings.value()),
		candid.NamedValue("module_hash", hash),
		candid.NamedValue("memory_size", natOf(m.total())),
		candid.NamedValue("memory_metrics", candid.RecordValue(
			candid.NamedValue("wasm_memory_size", natOf(m.wasm)),
			candid.NamedValue("stable_memory_size", natOf(m.stable)),
			candid.NamedValue("global_memory_size", natOf(m.globals)),
			candid.NamedValue("wasm_binary_size", natOf(m.binary)),
			candid.NamedValue("custom_sections_size", zero),
			candid.NamedValue("canister_history_size", zero),
			candid.NamedValue("wasm_chunk_store_size", natOf(m.chunks)),
			candid.NamedValue("snapshots_size", zero))),
		candid.NamedValue("cycles", candid.NatValue(c.cycles)),
		candid.NamedValue("reserved_cycles", zero),
		candid.NamedValue("idle_cycles_burned_per_day", zero),
		candid.NamedValue("query_stats", candid.RecordValue(
			candid.NamedValue("num_calls_total", zero),
			candid.NamedValue("num_instructions_total", zero),
			candid.NamedValue("request_payload_bytes_total", zero),
			candid.NamedValue("response_payload_bytes_total", zero))),
	)
}
