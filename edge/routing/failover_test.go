package routing

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

var emptyArgs = []byte("DIDL\x00\x00")

// waitEvent waits for a health event of node id with the given state.
func waitEvent(t *testing.T, ch <-chan Event, id principal.Principal, healthy bool) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case e := <-ch:
			if e.Node == id && e.Healthy == healthy {
				return
			}
		case <-deadline:
			t.Fatalf("no event for %s healthy=%v", id, healthy)
		}
	}
}

// load runs queries of the counter's get from several goroutines, counting
// answers and failures per phase.
type load struct {
	ok, failed atomic.Int64
	lastErr    atomic.Value
}

func (l *load) reset() (ok, failed int64) { return l.ok.Swap(0), l.failed.Swap(0) }

// TestFailoverUnderLoad: one real replica behind two fault-injecting TCP
// proxies listed as two nodes of its subnet, under a concurrent query load
// through a real agent: stopping one proxy costs less than 1% of the
// requests; started again, it gets traffic back; with both stopped,
// requests fail fast with ErrNoHealthyNode.
func TestFailoverUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a replica")
	}
	rn := startReplica(t)
	pa, pb := newFaultProxy(t, rn.url().Host), newFaultProxy(t, rn.url().Host)
	evs := make(chan Event, 1024)
	reg := prometheus.NewRegistry()
	r := New(Options{HealthInterval: 20 * time.Millisecond, PassiveDown: 100 * time.Millisecond, Registerer: reg,
		Events: func(e Event) {
			select {
			case evs <- e:
			default:
			}
		}})
	tab := rn.table(t, pa.url(), pb.url())
	r.Update(tab)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); r.Close() })
	r.CheckNow(ctx)
	r.Start(ctx)

	user, err := identity.Generate(identity.Ed25519, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ag, err := agent.New(agent.Config{URL: "http://edge.invalid", Identity: user, RootKey: rn.rootKey,
		HTTPClient: &http.Client{Transport: r, Timeout: 30 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	id, err := ag.CreateCanister(ctx, agent.CreateOptions{EffectiveCanisterID: rn.app.Ranges[0].Low})
	if err != nil {
		t.Fatal(err)
	}
	if err := ag.InstallCode(ctx, id, agent.ModeInstall, counterWasm(t), emptyArgs); err != nil {
		t.Fatal(err)
	}
	if _, err := ag.Call(ctx, id, "inc", emptyArgs, agent.CallOptions{}); err != nil {
		t.Fatal(err)
	}

	var l load
	var wg sync.WaitGroup
	loadCtx, stopLoad := context.WithCancel(ctx)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for loadCtx.Err() == nil {
				if _, err := ag.Query(loadCtx, id, "get", emptyArgs); err != nil {
					if loadCtx.Err() == nil {
						l.failed.Add(1)
						l.lastErr.Store(err)
					}
				} else {
					l.ok.Add(1)
				}
			}
		}()
	}
	t.Cleanup(func() { stopLoad(); wg.Wait() })
	until := func(n int64) (ok, failed int64) {
		deadline := time.Now().Add(60 * time.Second)
		for l.ok.Load()+l.failed.Load() < n && time.Now().Before(deadline) {
			waitEventOrTick(evs)
		}
		return l.reset()
	}
	nodeA := tab.Subnets()[0].Nodes[0].ID
	attemptsA := func() float64 {
		return counterValue(t, r.m.attempts.WithLabelValues(rn.app.ID.String(), nodeA.String(), "2xx"))
	}

	ok, failed := until(300)
	if failed != 0 {
		t.Fatalf("baseline: %d of %d failed: %v", failed, ok+failed, l.lastErr.Load())
	}

	pa.stop()
	ok, failed = until(1000)
	t.Logf("one proxy stopped: %d ok, %d failed (%.2f%%)", ok, failed, 100*float64(failed)/float64(ok+failed))
	if failed*100 >= ok+failed {
		t.Fatalf("one proxy stopped: %d of %d failed: %v", failed, ok+failed, l.lastErr.Load())
	}

	if err := pa.start(); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, evs, nodeA, true)
	before := attemptsA()
	ok, failed = until(1000)
	back := attemptsA() - before
	t.Logf("proxy started again: %d ok, %d failed, %v of them through it", ok, failed, back)
	if failed != 0 || back < float64(ok)/10 {
		t.Fatalf("after restart: %d ok, %d failed, %v through the restarted proxy: %v", ok, failed, back, l.lastErr.Load())
	}

	pa.stop()
	pb.stop()
	stopLoad()
	wg.Wait()
	waitEvent(t, evs, tab.Subnets()[0].Nodes[1].ID, false)
	for !errors.Is(queryErr(ctx, ag, id), ErrNoHealthyNode) {
		// the first requests may find a node whose mark-down just expired
	}
	start := time.Now()
	const n = 50
	for range n {
		if err := queryErr(ctx, ag, id); !errors.Is(err, ErrNoHealthyNode) {
			t.Fatalf("both stopped: %v", err)
		}
	}
	per := time.Since(start) / n
	t.Logf("both stopped: %v per failed request", per)
	if per > 20*time.Millisecond {
		t.Fatalf("failing takes %v per request", per)
	}
}

func waitEventOrTick(evs <-chan Event) {
	select {
	case <-evs:
	case <-time.After(5 * time.Millisecond):
	}
}

func queryErr(ctx context.Context, ag *agent.Agent, id principal.Principal) error {
	_, err := ag.Query(ctx, id, "get", emptyArgs)
	return err
}

func counterValue(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}
