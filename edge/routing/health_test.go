package routing

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// events collects health transitions.
type events struct {
	mu  sync.Mutex
	all []Event
}

func (e *events) add(ev Event) { e.mu.Lock(); e.all = append(e.all, ev); e.mu.Unlock() }
func (e *events) list() []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Event(nil), e.all...)
}

// TestHealthTransitions: a node whose status says it is not healthy leaves
// the rotation, and comes back when the status says healthy again; a node
// marked down by a failed request comes back on its next passing check.
func TestHealthTransitions(t *testing.T) {
	a, b := newFakeReplica(t), newFakeReplica(t)
	var ev events
	reg := prometheus.NewRegistry()
	r := newTestRouter(t, Options{Events: ev.add, Registerer: reg}, subnet("app", Application, 0, 9, a.url(), b.url()))
	ctx := context.Background()
	na := r.snap.Load().all[0]

	a.health.Store("starting")
	r.CheckNow(ctx)
	if got := ev.list(); len(got) != 1 || got[0].Healthy || got[0].Node != na.ID || !strings.Contains(got[0].Reason, "starting") {
		t.Fatalf("events %+v", got)
	}
	if v := gaugeValue(t, r.m.healthy.WithLabelValues(na.slabel, na.label)); v != 0 {
		t.Fatalf("gauge %v", v)
	}
	for range 20 {
		query(t, r, 1, "")
	}
	if a.hits.Load() != 0 {
		t.Fatalf("unhealthy node got %d requests", a.hits.Load())
	}
	a.health.Store("healthy")
	r.CheckNow(ctx)
	if got := ev.list(); len(got) != 2 || !got[1].Healthy {
		t.Fatalf("events %+v", got)
	}

	// Passive: a 503 marks the node down until the next passing check.
	a.code.Store(503)
	b.delay.Store(int64(time.Millisecond))
	for a.hits.Load() == 0 {
		query(t, r, 1, "")
	}
	if na.usable(time.Now().UnixNano()) {
		t.Fatal("node answering 503 still usable")
	}
	a.code.Store(0)
	r.CheckNow(ctx)
	if !na.usable(time.Now().UnixNano()) {
		t.Fatal("node not back after a passing check")
	}
	if got := ev.list(); len(got) != 4 || got[2].Healthy || !got[3].Healthy {
		t.Fatalf("events %+v", got)
	}
	if n := seriesCount(t, reg, "threshold_edge_routing_node_transitions_total"); n != 2 {
		t.Fatalf("%d transition series", n)
	}
}

// TestHealthLoop: Start checks at once and then on the interval; Close
// stops it.
func TestHealthLoop(t *testing.T) {
	a := newFakeReplica(t)
	down := make(chan Event, 16)
	r := newTestRouter(t, Options{HealthInterval: 5 * time.Millisecond, Events: func(e Event) { down <- e }},
		subnet("app", Application, 0, 9, a.url()))
	r.Start(context.Background())
	a.health.Store("stopping")
	select {
	case e := <-down:
		if e.Healthy {
			t.Fatalf("event %+v", e)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no down event")
	}
	a.health.Store("healthy")
	select {
	case e := <-down:
		if !e.Healthy {
			t.Fatalf("event %+v", e)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no up event")
	}
	r.Close()
	n := a.checks.Load()
	if a.checks.Load() != n {
		t.Fatal("checks after Close")
	}
	for _, bad := range []string{"\xa0", "\xa1\x63abc\x01", "\xff", ""} {
		if _, err := healthStatus([]byte(bad)); err == nil {
			t.Errorf("status %x accepted", bad)
		}
	}
}

// TestTableSwapUnderLoad: queries keep succeeding while the table changes
// under them, and a node in both tables keeps its health.
func TestTableSwapUnderLoad(t *testing.T) {
	a, b, c := newFakeReplica(t), newFakeReplica(t), newFakeReplica(t)
	t1 := mustTable(t, subnet("app", Application, 0, 9, a.url(), b.url()))
	s2 := subnet("app", Application, 0, 9, a.url(), b.url(), c.url())
	s2.Nodes = s2.Nodes[1:] // b (same id and URL as in t1) and c
	t2 := mustTable(t, s2)
	r := newTestRouter(t, Options{}, subnet("app", Application, 0, 9, a.url(), b.url()))

	b.health.Store("starting")
	r.CheckNow(context.Background())
	b.health.Store("healthy") // the checker is not running: b stays out

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var ok, failed atomic.Int64
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if code, _, _, err := query(t, r, 1, ""); err == nil && code == 200 {
					ok.Add(1)
				} else {
					failed.Add(1)
				}
			}
		}()
	}
	for i := range 200 {
		if i%2 == 0 {
			r.Update(t2)
		} else {
			r.Update(t1)
		}
	}
	r.Update(t2)
	for ok.Load() < 500 {
		r.Update(t2)
	}
	cancel()
	wg.Wait()
	if failed.Load() != 0 {
		t.Fatalf("%d of %d requests failed during swaps", failed.Load(), ok.Load()+failed.Load())
	}
	if b.hits.Load() != 0 {
		t.Fatalf("node b, unhealthy in both tables, got %d requests", b.hits.Load())
	}
	for _, st := range r.Status() {
		if st.Node == s2.Nodes[0].ID && (st.Usable || !st.CheckFailed) {
			t.Fatalf("b lost its health state: %+v", st)
		}
	}
}

// TestServeAPI: agents using the edge as their host.
func TestServeAPI(t *testing.T) {
	app := newFakeReplica(t)
	r := newTestRouter(t, Options{MaxBodyBytes: 64}, subnet("app", Application, 0, 9, app.url()))
	edge := httptest.NewServer(r.APIHandler())
	t.Cleanup(edge.Close)
	post := func(path, body string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, edge.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/cbor")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	resp := post("/api/v3/canister/"+canister(1)+"/query", "hello")
	body := readAll(t, resp)
	if resp.StatusCode != 200 || body != "echo:hello" || resp.Header.Get("X-Ic-Node-Id") == "" || resp.Header.Get("X-Edge-Cacheable") != "" {
		t.Fatalf("%d %q %v", resp.StatusCode, body, resp.Header)
	}
	for _, tc := range []struct {
		path, body, cause string
		status            int
	}{
		{"/api/v3/canister/" + canister(50) + "/query", "", "canister_not_found", 400},
		{"/api/v3/canister/" + canister(1) + "/query", strings.Repeat("x", 65), "body_too_large", 413},
		{"/api/v9/x", "", "not_api_path", 404},
	} {
		resp := post(tc.path, tc.body)
		if resp.StatusCode != tc.status || resp.Header.Get("X-Ic-Error-Cause") != tc.cause {
			t.Errorf("%s: %d %q", tc.path, resp.StatusCode, resp.Header.Get("X-Ic-Error-Cause"))
		}
	}
	if !errors.Is(&Error{Kind: ErrNoHealthyNode}, ErrNoHealthyNode) {
		t.Fatal("errors.Is")
	}
}

func gaugeValue(t *testing.T, g prometheus.Gauge) float64 {
	t.Helper()
	var m dto.Metric
	if err := g.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetGauge().GetValue()
}

func seriesCount(t *testing.T, reg *prometheus.Registry, name string) int {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			return len(mf.GetMetric())
		}
	}
	return 0
}
