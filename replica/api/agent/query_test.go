package agent_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/agent/agenttest"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// TestQuery: a query answer signed by the subnet's node is accepted, for
// the root subnet and for a delegated one (PROTOCOL.md §5).
func TestQuery(t *testing.T) {
	for _, delegated := range []bool{false, true} {
		r, a := setup(t, agenttest.Options{Delegated: delegated}, nil)
		id := canister(r, a)
		arg := []byte("DIDL\x00\x00")
		for range 3 {
			reply, err := a.Query(ctx(t), id, "greet", arg)
			if err != nil {
				t.Fatalf("delegated %v: %v", delegated, err)
			}
			if !bytes.Equal(reply, arg) {
				t.Fatalf("reply %x", reply)
			}
		}
		// The node keys are read once and cached.
		if n := count(r.Paths(), func(p string) bool { return strings.HasSuffix(p, "/read_state") }); n != 1 {
			t.Errorf("delegated %v: %d read_state requests for 3 queries, want 1", delegated, n)
		}
	}
}

func TestQueryRejected(t *testing.T) {
	r, a := setup(t, agenttest.Options{}, nil)
	_, err := a.Query(ctx(t), canister(r, a), "reject", nil)
	var rj *agent.RejectError
	if !errors.As(err, &rj) || rj.Code != 4 || rj.ErrorCode != "IC0406" {
		t.Fatalf("err = %v, want a verified reject", err)
	}
}

// TestQueryRefused lists the answers a client must not believe.
func TestQueryRefused(t *testing.T) {
	outside := principal.CanisterID(1 << 20)
	for _, tc := range []struct {
		name     string
		knobs    func(*agenttest.Replica)
		canister func(*agenttest.Replica, *agent.Agent) principal.Principal
		want     error
	}{
		{"wrong node signature", func(r *agenttest.Replica) { r.BadQuerySig = true }, canister, agent.ErrQuerySignature},
		{"stale signature", func(r *agenttest.Replica) { r.QuerySigSkew = -6 * time.Minute }, canister, agent.ErrQuerySignature},
		{"canister outside the ranges", func(*agenttest.Replica) {}, func(*agenttest.Replica, *agent.Agent) principal.Principal { return outside }, agent.ErrNotInSubnet},
		{"no ranges published", func(r *agenttest.Replica) { r.HideRanges = true }, canister, agent.ErrNotInSubnet},
		{"tampered subnet certificate", func(r *agenttest.Replica) { r.TamperCert = true }, canister, agent.ErrCertificate},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, a := setup(t, agenttest.Options{}, nil)
			id := tc.canister(r, a)
			tc.knobs(r)
			_, err := a.Query(ctx(t), id, "greet", []byte("DIDL\x00\x00"))
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestQuerySkipVerification: with SkipQuerySignatures the agent reads no
// node keys and takes the answer as it comes.
func TestQuerySkipVerification(t *testing.T) {
	r, a := setup(t, agenttest.Options{}, func(c *agent.Config) { c.SkipQuerySignatures = true })
	id := canister(r, a)
	r.BadQuerySig = true
	if _, err := a.Query(ctx(t), id, "greet", nil); err != nil {
		t.Fatal(err)
	}
	if n := count(r.Paths(), func(p string) bool { return strings.HasSuffix(p, "/read_state") }); n != 0 {
		t.Errorf("%d read_state requests, want none", n)
	}
}
