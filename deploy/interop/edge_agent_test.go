package interop

import (
	"testing"
)

// TestEdgeAsAgentHost runs the developer's path of replica.mjs with both JS
// agents using the edge's HTTPS URL as their host: every IC API call (status,
// query with signatures verified, call v3/v4 with polling, read_state,
// management canister) goes through the edge's /api forwarding, to the
// node of the subnet that hosts the canister. Node trusts the local CA
// through NODE_EXTRA_CA_CERTS, as a developer would set it.
func TestEdgeAsAgentHost(t *testing.T) {
	requireNodeModules(t)
	n := startEdgeNet(t)
	t.Setenv("NODE_EXTRA_CA_CERTS", n.ca)
	for _, lib := range []string{"@icp-sdk/core", "@dfinity/agent"} {
		t.Run(lib, func(t *testing.T) {
			steps := runReplicaScript(t, lib, n.upNet, n.net.Gateway.HTTPSURL)
			if len(steps) < 15 {
				t.Fatalf("only %d steps ran: %v", len(steps), steps)
			}
			for name, s := range steps {
				if !s.OK {
					t.Errorf("%s: %s", name, s.Error)
				}
			}
			for name, want := range map[string]any{
				"counter get (query)": "2", "greet (query)": "Hello, world!",
				"request_status of a call": "replied", "stable get after upgrade": "kept across upgrades",
			} {
				if got := steps[name]; got.Value != want {
					t.Errorf("%s = %v, want %v", name, got.Value, want)
				}
			}
		})
	}
}
