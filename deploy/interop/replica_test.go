package interop

import (
	"strings"
	"testing"
)

type stepResult struct {
	Name  string `json:"name"`
	OK    bool   `json:"ok"`
	Value any    `json:"value"`
	Error string `json:"error"`
}

// runReplicaScript runs replica.mjs with one agent library and returns its
// steps by name.
func runReplicaScript(t *testing.T, lib string, u *upNet, apiURL string) map[string]stepResult {
	t.Helper()
	var out struct {
		Steps []stepResult `json:"steps"`
	}
	args := []string{lib, u.file}
	if apiURL != "" {
		args = append(args, apiURL)
	}
	node(t, "replica.mjs", nil, &out, args...)
	m := map[string]stepResult{}
	for _, s := range out.Steps {
		m[s.Name] = s
	}
	return m
}

// TestAgentsAgainstReplica is the developer's path with the real agents,
// verifyQuerySignatures on: create canisters through the management
// canister, install the Motoko counter, greet and stable canisters, update
// and query, a trap that rolls back, an upgrade that keeps stable state,
// read_state of /time and of a request's status.
func TestAgentsAgainstReplica(t *testing.T) {
	requireNodeModules(t)
	u := startUp(t, t.TempDir())
	want := map[string]any{
		"counter inc": "1", "counter inc again": "2", "counter get (query)": "2",
		"counter unchanged after trap": "2", "canister_status": "running",
		"read_state time": "certificate", "request_status of a call": "replied",
		"greet (query)": "Hello, world!", "stable get after upgrade": "kept across upgrades",
		"stable upgraded count": "1",
	}
	for _, lib := range []string{"@icp-sdk/core", "@dfinity/agent"} {
		t.Run(lib, func(t *testing.T) {
			steps := runReplicaScript(t, lib, u, "")
			if len(steps) < 15 {
				t.Fatalf("only %d steps ran: %v", len(steps), steps)
			}
			for name, s := range steps {
				if !s.OK {
					t.Errorf("%s: %s", name, s.Error)
				}
			}
			for name, v := range want {
				if got := steps[name]; got.Value != v {
					t.Errorf("%s = %v, want %v", name, got.Value, v)
				}
			}
			if s := steps["counter fail traps"]; !strings.Contains(s.Value.(string), "Reject code: 5") {
				t.Errorf("trap reported as %q", s.Value)
			}
		})
	}
}
