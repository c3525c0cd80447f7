package agent_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/agent/agenttest"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// TestCall covers the three ways a call completes (PROTOCOL.md §1.5): a
// synchronous v4 answer, a 202 followed by polling, and the fallback to
// v2 when v4 is 404.
func TestCall(t *testing.T) {
	for _, tc := range []struct {
		name      string
		knobs     func(*agenttest.Replica)
		delegated bool
		wantPath  string
		wantPolls bool
	}{
		{name: "sync v4", knobs: func(*agenttest.Replica) {}, wantPath: "/api/v4/canister/"},
		{name: "sync v4 delegated", delegated: true, knobs: func(*agenttest.Replica) {}, wantPath: "/api/v4/canister/"},
		{name: "202 then poll", knobs: func(r *agenttest.Replica) { r.Async, r.PendingPolls = true, 2 }, wantPath: "/api/v4/canister/", wantPolls: true},
		{name: "404 falls back to v2", knobs: func(r *agenttest.Replica) { r.NoV4 = true }, wantPath: "/api/v2/canister/", wantPolls: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, a := setup(t, agenttest.Options{Delegated: tc.delegated}, nil)
			tc.knobs(r)
			id := canister(r, a)
			arg := []byte("DIDL\x00\x01\x71\x02hi")
			reply, err := a.Call(ctx(t), id, "echo", arg, agent.CallOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(reply, arg) {
				t.Fatalf("reply %x, want %x", reply, arg)
			}
			paths := r.Paths()
			if count(paths, func(p string) bool { return strings.HasPrefix(p, tc.wantPath) && strings.HasSuffix(p, "/call") }) != 1 {
				t.Errorf("paths %v: want one call to %s", paths, tc.wantPath)
			}
			polls := count(paths, func(p string) bool { return strings.HasSuffix(p, "/read_state") })
			if (polls > 0) != tc.wantPolls {
				t.Errorf("%d read_state polls, want polling %v", polls, tc.wantPolls)
			}
		})
	}
}

func TestCallRejected(t *testing.T) {
	for _, async := range []bool{false, true} {
		r, a := setup(t, agenttest.Options{}, nil)
		r.Async = async
		id := canister(r, a)
		_, err := a.Call(ctx(t), id, "reject", nil, agent.CallOptions{})
		var rj *agent.RejectError
		if !errors.As(err, &rj) || rj.Code != 4 || rj.ErrorCode != "IC0406" || rj.Message != "rejected on request" {
			t.Fatalf("async %v: err = %v, want a reject with code 4", async, err)
		}
	}
}

// TestCallHTTPError: a refused request is an *HTTPError with the status;
// here the replica refuses an ingress expiry in the past.
func TestCallHTTPError(t *testing.T) {
	r, a := setup(t, agenttest.Options{}, func(c *agent.Config) {
		c.Now = func() time.Time { return time.Now().Add(-time.Hour) }
	})
	_, err := a.Call(ctx(t), canister(r, a), "echo", nil, agent.CallOptions{})
	var he *agent.HTTPError
	if !errors.As(err, &he) || he.Status != 400 || !strings.Contains(he.Body, "Invalid request expiry") {
		t.Fatalf("err = %v, want HTTP 400 about the expiry", err)
	}
}

// TestCallCertificateRejected: the agent refuses a sync-call certificate
// whose tree was changed after signing, or whose /time is stale.
func TestCallCertificateRejected(t *testing.T) {
	for _, tc := range []struct {
		name  string
		knobs func(*agenttest.Replica)
		want  error
	}{
		{"tampered", func(r *agenttest.Replica) { r.TamperCert = true }, certify.ErrSignature},
		{"stale", func(r *agenttest.Replica) { r.CertSkew = -10 * time.Minute }, certify.ErrTime},
		{"future", func(r *agenttest.Replica) { r.CertSkew = 10 * time.Minute }, certify.ErrTime},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, a := setup(t, agenttest.Options{}, nil)
			id := canister(r, a)
			tc.knobs(r)
			_, err := a.Call(ctx(t), id, "echo", nil, agent.CallOptions{})
			if !errors.Is(err, agent.ErrCertificate) || !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want ErrCertificate and %v", err, tc.want)
			}
		})
	}
}

// TestCallOutsideDelegatedRanges: a delegated subnet's certificate does
// not cover a canister outside its ranges.
func TestCallOutsideDelegatedRanges(t *testing.T) {
	r, a := setup(t, agenttest.Options{Delegated: true}, nil)
	_ = r
	_, err := a.Call(ctx(t), principal.CanisterID(1<<20), "echo", nil, agent.CallOptions{})
	if !errors.Is(err, certify.ErrRange) {
		t.Fatalf("err = %v, want certify.ErrRange", err)
	}
}

func TestPollingHonoursContext(t *testing.T) {
	r, a := setup(t, agenttest.Options{}, nil)
	r.Async, r.PendingPolls = true, 1<<30
	c, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	_, err := a.Call(c, canister(r, a), "echo", nil, agent.CallOptions{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
}

func TestPollingStopsAtExpiry(t *testing.T) {
	r, a := setup(t, agenttest.Options{}, func(c *agent.Config) { c.IngressExpiry = 2 * time.Second })
	r.Async, r.PendingPolls = true, 1<<30
	_, err := a.Call(ctx(t), canister(r, a), "echo", nil, agent.CallOptions{})
	if !errors.Is(err, agent.ErrExpired) {
		t.Fatalf("err = %v, want ErrExpired", err)
	}
}
