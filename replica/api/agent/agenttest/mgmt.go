package agenttest

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"

	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// management runs a method of aaaaa-aa, decoding and encoding with ic.did.
func (r *Replica) management(sender principal.Principal, method string, arg []byte) ([]byte, *reject) {
	did, err := agent.ManagementInterface()
	if err != nil {
		panic(err)
	}
	f, ok := did.Method(method)
	if !ok {
		return nil, &reject{4, "unknown management method " + method, "IC0407"}
	}
	vs, err := candid.Decode(arg, f.Args())
	if err != nil {
		return nil, &reject{4, err.Error(), "IC0408"}
	}
	result, rj := r.manage(sender, method, vs[0])
	if rj != nil {
		return nil, rj
	}
	out, err := candid.ParseArgs(result)
	if err != nil {
		panic(fmt.Sprintf("agenttest: %s: %v", result, err))
	}
	b, err := candid.Encode(f.Results(), out)
	if err != nil {
		panic(fmt.Sprintf("agenttest: %s: %v", result, err))
	}
	return b, nil
}

// manage applies a management method and returns its result as Candid text.
func (r *Replica) manage(sender principal.Principal, method string, a candid.Value) (string, *reject) {
	if method == "provisional_create_canister_with_cycles" {
		ctl := []principal.Principal{sender}
		if s, ok := a.Field("settings"); ok {
			if s, ok := s.Opt(); ok {
				if cs, ok := s.Field("controllers"); ok {
					if cs, ok := cs.Opt(); ok {
						ctl = principals(cs)
					}
				}
			}
		}
		return fmt.Sprintf(`(record { canister_id = principal %q })`, r.addCanister(ctl, nil)), nil
	}
	field := "canister_id"
	if method == "install_chunked_code" {
		field = "target_canister"
	}
	idv, _ := a.Field(field)
	id, _ := principal.FromBytes(idv.Bytes())
	c, ok := r.canisters[id]
	if !ok {
		return "", &reject{3, "Canister " + id.String() + " not found", "IC0301"}
	}
	if !slices.Contains(c.controllers, sender) {
		return "", &reject{5, "Only controllers of canister " + id.String() + " can call " + method, "IC0512"}
	}
	switch method {
	case "install_code":
		w, _ := a.Field("wasm_module")
		c.module = w.Bytes()
	case "upload_chunk":
		ch, _ := a.Field("chunk")
		h := sha256.Sum256(ch.Bytes())
		c.chunks[h] = ch.Bytes()
		return fmt.Sprintf(`(record { hash = blob "%s" })`, escape(h[:])), nil
	case "install_chunked_code":
		hs, _ := a.Field("chunk_hashes_list")
		var mod []byte
		for _, h := range hs.Elems() {
			hv, _ := h.Field("hash")
			mod = append(mod, c.chunks[[32]byte(hv.Bytes())]...)
		}
		want, _ := a.Field("wasm_module_hash")
		if sum := sha256.Sum256(mod); !bytes.Equal(sum[:], want.Bytes()) {
			return "", &reject{5, "wasm_module_hash does not match the chunks", "IC0505"}
		}
		c.module = mod
	case "clear_chunk_store":
		clear(c.chunks)
	case "start_canister":
		c.status = "running"
	case "stop_canister":
		c.status = "stopped"
	case "delete_canister":
		if c.status != "stopped" {
			return "", &reject{5, "Canister " + id.String() + " must be stopped before it is deleted.", "IC0510"}
		}
		delete(r.canisters, id)
	case "update_settings":
		s, _ := a.Field("settings")
		if cs, ok := s.Field("controllers"); ok {
			if cs, ok := cs.Opt(); ok {
				c.controllers = principals(cs)
			}
		}
	case "canister_status":
		return r.statusText(c), nil
	default:
		return "", &reject{4, "agenttest does not implement " + method, "IC0407"}
	}
	return "()", nil
}

// statusText is a canister_status_result.
func (r *Replica) statusText(c *canister) string {
	ctl := ""
	for _, p := range c.controllers {
		ctl += fmt.Sprintf("principal %q; ", p)
	}
	hash := "null"
	if c.module != nil {
		h := sha256.Sum256(c.module)
		hash = fmt.Sprintf(`opt blob "%s"`, escape(h[:]))
	}
	return fmt.Sprintf(`(record { status = variant { %s }; ready_for_migration = false; version = 1 : nat64;
settings = record { controllers = vec { %s }; compute_allocation = 0; memory_allocation = 0;
  freezing_threshold = 2592000; reserved_cycles_limit = 5000000000000; minimum_incoming_canister_call_cycles = 0;
  log_visibility = variant { controllers }; snapshot_visibility = variant { controllers };
  status_visibility = variant { controllers }; wasm_memory_limit = 0; wasm_memory_threshold = 0;
  environment_variables = vec {} };
module_hash = %s; memory_size = %d;
memory_metrics = record { wasm_memory_size = 0; stable_memory_size = 0; global_memory_size = 0; wasm_binary_size = %d;
  custom_sections_size = 0; canister_history_size = 0; wasm_chunk_store_size = 0; snapshots_size = 0 };
cycles = 100000000000000; reserved_cycles = 0; idle_cycles_burned_per_day = 0;
query_stats = record { num_calls_total = 0; num_instructions_total = 0; request_payload_bytes_total = 0;
  response_payload_bytes_total = 0 } })`, c.status, ctl, hash, len(c.module), len(c.module))
}

func principals(v candid.Value) []principal.Principal {
	var ps []principal.Principal
	for _, e := range v.Elems() {
		p, _ := principal.FromBytes(e.Bytes())
		ps = append(ps, p)
	}
	return ps
}

func escape(b []byte) string {
	s := ""
	for _, c := range b {
		s += fmt.Sprintf(`\%02x`, c)
	}
	return s
}
