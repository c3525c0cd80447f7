package agent_test

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/agent/agenttest"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// setup starts a fake replica and an agent for it signing as a fresh
// Ed25519 identity.
func setup(t *testing.T, opts agenttest.Options, mod func(*agent.Config)) (*agenttest.Replica, *agent.Agent) {
	t.Helper()
	r := agenttest.New(t, opts)
	id, err := identity.Generate(identity.Ed25519, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cfg := agent.Config{URL: r.URL, Identity: id, RootKey: r.RootKey}
	if mod != nil {
		mod(&cfg)
	}
	a, err := agent.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r, a
}

// ctx returns a context that ends with the test or after a minute.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// count returns how many requested paths satisfy pred.
func count(paths []string, pred func(string) bool) int {
	n := 0
	for _, p := range paths {
		if pred(p) {
			n++
		}
	}
	return n
}

// canister adds a running canister controlled by a's identity.
func canister(r *agenttest.Replica, a *agent.Agent) principal.Principal {
	return r.AddCanister([]principal.Principal{a.Identity().Sender()}, []byte("\x00asm\x01\x00\x00\x00"))
}
