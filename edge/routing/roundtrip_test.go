package routing

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// TestRouteBySubnet: a canister goes to the subnet whose ranges hold it, a
// subnet path to that subnet, status to the application subnet.
func TestRouteBySubnet(t *testing.T) {
	nns, app := newFakeReplica(t), newFakeReplica(t)
	r := newTestRouter(t, Options{},
		subnet("nns", System, 0, 99, nns.url()), subnet("app", Application, 100, 199, app.url()))
	for _, tc := range []struct {
		path string
		want *fakeReplica
	}{
		{"/api/v3/canister/" + canister(5) + "/query", nns},
		{"/api/v2/canister/" + canister(150) + "/call", app},
		{"/api/v3/subnet/" + subnetID("nns").String() + "/read_state", nns},
		{"/api/v2/status", app},
		{"/api/v2/canister/aaaaa-aa/call", app},
	} {
		t.Run(tc.path, func(t *testing.T) {
			before := tc.want.hits.Load() + tc.want.checks.Load()
			code, body, resp, err := send(t, r, tc.path, "x")
			if err != nil || code != 200 {
				t.Fatalf("%d %q %v", code, body, err)
			}
			if tc.want.hits.Load()+tc.want.checks.Load() != before+1 {
				t.Fatal("went to the wrong subnet")
			}
			if resp.Header.Get("X-Ic-Node-Id") == "" || resp.Header.Get("X-Ic-Subnet-Id") == "" {
				t.Fatalf("headers %v", resp.Header)
			}
		})
	}
}

func TestRouteErrors(t *testing.T) {
	app := newFakeReplica(t)
	r := newTestRouter(t, Options{MaxBodyBytes: 10}, subnet("app", Application, 100, 199, app.url()))
	for _, tc := range []struct {
		name, path, body string
		want             error
		status           int
	}{
		{"unknown canister", "/api/v3/canister/" + canister(500) + "/query", "", ErrUnknownCanister, 400},
		{"unknown subnet", "/api/v3/subnet/" + subnetID("x").String() + "/read_state", "", ErrUnknownSubnet, 400},
		{"not api", "/", "", ErrNotAPIPath, 404},
		{"bad id", "/api/v3/canister/x/query", "", ErrBadID, 400},
		{"body too large", "/api/v3/canister/" + canister(100) + "/query", "0123456789a", ErrBodyTooLarge, 413},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := send(t, r, tc.path, tc.body)
			if !errors.Is(err, tc.want) || StatusOf(err) != tc.status {
				t.Fatalf("err = %v (status %d), want %v (%d)", err, StatusOf(err), tc.want, tc.status)
			}
		})
	}
	if app.hits.Load() != 0 {
		t.Fatal("a refused request reached the node")
	}
}

// TestRetryToOtherNode: queries retry on another node after a connection
// error, a 5xx or a 429, and the answer comes from the good node.
func TestRetryToOtherNode(t *testing.T) {
	for _, tc := range []struct {
		name string
		code int // of the bad node; 0: connection refused
	}{{"refused", 0}, {"500", 500}, {"503", 503}, {"429", 429}} {
		t.Run(tc.name, func(t *testing.T) {
			good, bad := newFakeReplica(t), newFakeReplica(t)
			badURL := bad.url()
			if tc.code == 0 {
				badURL = deadURL(t)
			}
			bad.code.Store(int64(tc.code))
			// A slow good node makes the bad node the first choice.
			good.delay.Store(int64(5 * time.Millisecond))
			r := newTestRouter(t, Options{}, subnet("app", Application, 0, 9, badURL, good.url()))
			for i := range 20 {
				code, body, _, err := query(t, r, 1, "q")
				if err != nil || code != 200 || body != "echo:q" {
					t.Fatalf("request %d: %d %q %v", i, code, body, err)
				}
			}
			if good.hits.Load() != 20 {
				t.Fatalf("good node got %d of 20", good.hits.Load())
			}
		})
	}
}

// TestCallNotRetriedAfterSend: an update call that reached a node is not
// sent again (only the agent may decide to), but one refused at dial time
// or with 429 is.
func TestCallNotRetriedAfterSend(t *testing.T) {
	for _, tc := range []struct {
		name    string
		code    int // of the first node; 0: connection refused
		retried bool
	}{{"503 after send", 503, false}, {"500 after send", 500, false}, {"429 refused", 429, true}, {"dial refused", 0, true}} {
		t.Run(tc.name, func(t *testing.T) {
			first, second := newFakeReplica(t), newFakeReplica(t)
			first.code.Store(int64(tc.code))
			u := first.url()
			if tc.code == 0 {
				u = deadURL(t)
			}
			// Only the first node is usable at first: make the second look slow.
			second.delay.Store(int64(time.Millisecond))
			r := newTestRouter(t, Options{InitialLatency: time.Nanosecond}, subnet("app", Application, 0, 9, u, second.url()))
			r.snap.Load().all[1].ewmaNanos.Store(int64(time.Hour))
			code, _, _, err := send(t, r, "/api/v3/canister/"+canister(1)+"/call", "c")
			if tc.retried {
				if err != nil || code != 200 || second.hits.Load() != 1 {
					t.Fatalf("not retried: %d %v, second %d", code, err, second.hits.Load())
				}
				return
			}
			if err != nil || code != tc.code || first.hits.Load() != 1 || second.hits.Load() != 0 {
				t.Fatalf("%d %v: first %d, second %d hits", code, err, first.hits.Load(), second.hits.Load())
			}
		})
	}
}

// TestRetryBudgetUnderOutage: when every node fails, retries stay within
// the budget, and once the nodes are marked down requests fail at once
// with ErrNoHealthyNode.
func TestRetryBudgetUnderOutage(t *testing.T) {
	a, b := newFakeReplica(t), newFakeReplica(t)
	a.code.Store(500)
	b.code.Store(500)
	r := newTestRouter(t, Options{RetryMinPerSecond: 0.5, RetryRatio: 0.1, RetryBackoff: time.Microsecond},
		subnet("app", Application, 0, 9, a.url(), b.url()))
	const n = 200
	for range n {
		if code, _, _, err := query(t, r, 1, ""); err != nil || code != 500 {
			t.Fatalf("%d %v", code, err)
		}
	}
	attempts := a.hits.Load() + b.hits.Load()
	if max := int64(n + n/10 + 5); attempts > max {
		t.Fatalf("%d attempts for %d requests, budget allows %d", attempts, n, max)
	}
	t.Logf("%d attempts for %d requests", attempts, n)

	// Connection errors mark nodes down: then no node is tried at all.
	dead := newTestRouter(t, Options{}, subnet("app", Application, 0, 9, deadURL(t), deadURL(t)))
	query(t, dead, 1, "")
	start := time.Now()
	_, _, _, err := query(t, dead, 1, "")
	if !errors.Is(err, ErrNoHealthyNode) || StatusOf(err) != http.StatusServiceUnavailable {
		t.Fatalf("err = %v", err)
	}
	if took := time.Since(start); took > 50*time.Millisecond {
		t.Fatalf("failing took %v", took)
	}
}

// TestLatencyWeighting: the faster node gets most of the traffic, the slower
// one still some.
func TestLatencyWeighting(t *testing.T) {
	fast, slow := newFakeReplica(t), newFakeReplica(t)
	slow.delay.Store(int64(10 * time.Millisecond))
	r := newTestRouter(t, Options{}, subnet("app", Application, 0, 9, fast.url(), slow.url()))
	const n = 300
	for range n {
		if code, _, _, err := query(t, r, 1, ""); err != nil || code != 200 {
			t.Fatalf("%d %v", code, err)
		}
	}
	f, s := fast.hits.Load(), slow.hits.Load()
	t.Logf("fast %d, slow %d", f, s)
	if f < n*8/10 || s == 0 {
		t.Fatalf("fast %d, slow %d of %d", f, s, n)
	}
}
