package edge

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/localnet"
)

// testEdge is a local network with the certified canister installed and an
// edge in front of it, served on free 127.0.0.1 ports with the local CA.
type testEdge struct {
	e        *Edge
	cfg      *Config
	canister principal.Principal
	client   *http.Client
	cfgPath  string
}

func startTestEdge(t *testing.T) *testEdge { return startTestEdgeB(t) }

// startTestEdgeB is startTestEdge for tests and benchmarks.
func startTestEdgeB(t testing.TB) *testEdge {
	t.Helper()
	ctx := t.Context()
	dir := t.TempDir()
	ln, err := localnet.Start(ctx, localnet.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ag, err := ln.Admin()
	if err != nil {
		t.Fatal(err)
	}
	ecid := ln.FirstAppCanister()
	cid, err := ag.CreateCanister(ctx, agent.CreateOptions{EffectiveCanisterID: ecid})
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := os.ReadFile(filepath.Join("..", "replica", "testdata", "canisters", "certified_http.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ag.InstallCode(ctx, cid, agent.ModeInstall, wasm, []byte("DIDL\x00\x00")); err != nil {
		t.Fatal(err)
	}
	te := &testEdge{canister: cid, cfgPath: filepath.Join(dir, "edge.json")}
	te.cfg = &Config{
		Network: ln.NetworkFile,
		Listen:  Listen{HTTPS: "127.0.0.1:0", HTTP: "127.0.0.1:0", Metrics: "127.0.0.1:0", Dev: true},
		TLS:     TLS{Mode: "local", Dir: filepath.Join(dir, "edge")},
	}
	if err := te.cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if te.e, err = New(te.cfg, nil); err != nil {
		t.Fatal(err)
	}
	if err := te.e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		te.e.Shutdown(sctx)
	})
	ca, err := os.ReadFile(te.e.CACertPath())
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	addr := te.e.Addrs().HTTPS
	te.client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool},
		ForceAttemptHTTP2: true,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr) // every *.localhost name to the edge
		},
	}}
	return te
}

func (te *testEdge) get(t testing.TB, host, path string) (*http.Response, string) {
	t.Helper()
	resp, err := te.client.Get("https://" + host + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// plain sends a request to the development HTTP port.
func (te *testEdge) plain(t *testing.T, host, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://"+te.e.Addrs().HTTP+path, nil)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestEdgeServesCertifiedCanister goes through the whole edge over TLS:
// resolution, routing, the gateway's v2 verification, the cache, /api
// forwarding and error pages (the edge issue, "Serving" and "Host to
// canister").
func TestEdgeServesCertifiedCanister(t *testing.T) {
	te := startTestEdge(t)
	host := te.canister.String() + ".localhost"
	resp, body := te.get(t, host, "/about")
	if resp.StatusCode != 200 || !strings.Contains(body, "About") || resp.Header.Get("IC-Certificate") == "" {
		t.Fatalf("verified page: %d %q %v", resp.StatusCode, body, resp.Header)
	}
	if resp.ProtoMajor != 2 || !strings.Contains(resp.Header.Get("Alt-Svc"), "h3=") {
		t.Fatalf("want HTTP/2 with Alt-Svc h3, got %s %q", resp.Proto, resp.Header.Get("Alt-Svc"))
	}
	if resp, _ := te.get(t, host, "/about"); resp.Header.Get("X-Cache") != "HIT" {
		t.Fatalf("second request: X-Cache %q", resp.Header.Get("X-Cache"))
	}
	if resp, body := te.get(t, te.canister.String()+".raw.localhost", "/data.json"); resp.StatusCode != 200 || !strings.Contains(body, "certified") {
		t.Fatalf("raw: %d %s", resp.StatusCode, body)
	}
	// No certificate for a name the edge cannot map (on-demand issuance
	// refuses it); the development HTTP port answers with the page.
	if _, err := te.client.Get("https://nope.example/"); err == nil {
		t.Fatal("a certificate was issued for an unknown host")
	}
	if code, body := te.plain(t, "nope.example", "/"); code != 404 || !strings.Contains(body, "unknown_domain") {
		t.Fatalf("unknown host: %d %s", code, body)
	}
	if code, body := te.plain(t, "zzzzz-zz.localhost", "/"); code != 400 {
		t.Fatalf("malformed canister id: %d %s", code, body)
	}
	if resp, _ := te.get(t, "localhost", "/?canisterId="+te.canister.String()); resp.StatusCode != 200 {
		t.Fatalf("?canisterId=: %d", resp.StatusCode)
	}
	resp, _ = te.get(t, "localhost", "/api/v2/status")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/cbor" {
		t.Fatalf("/api/v2/status: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, h := range []string{"X-Edge-Cacheable", "X-Edge-Canister", "X-Edge-Upstream-Failure"} {
		if resp.Header.Get(h) != "" {
			t.Errorf("internal header %s leaked", h)
		}
	}
	m, err := http.Get("http://" + te.e.Addrs().Metrics + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	mb, _ := io.ReadAll(m.Body)
	m.Body.Close()
	for _, series := range []string{"threshold_edge_requests_total", "threshold_edge_verifications_total", "threshold_edge_routing_"} {
		if !strings.Contains(string(mb), series) {
			t.Errorf("metrics lack %s", series)
		}
	}
}

// TestEdgeReload swaps in a configuration with a new alias while serving.
func TestEdgeReload(t *testing.T) {
	te := startTestEdge(t)
	if code, _ := te.plain(t, "hello.localhost", "/"); code != 400 { // not an id, not yet an alias
		t.Fatalf("alias before reload: %d", code)
	}
	next := *te.cfg
	next.Domains.Aliases = map[string]string{"hello": te.canister.String()}
	if err := next.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := te.e.Reload(t.Context(), &next); err != nil {
		t.Fatal(err)
	}
	if resp, body := te.get(t, "hello.localhost", "/"); resp.StatusCode != 200 {
		t.Fatalf("alias after reload: %d %s", resp.StatusCode, body)
	}
	bad := next
	bad.Listen.HTTPS = "127.0.0.1:1"
	if err := te.e.Reload(t.Context(), &bad); err == nil {
		t.Fatal("a reload that moves the listener was accepted")
	}
}

// A reload replaces the request chain's metrics instead of piling them up.
func TestReloadMetricsGenerations(t *testing.T) {
	te := startTestEdge(t)
	for range 3 {
		next := *te.cfg
		if err := te.e.Reload(t.Context(), &next); err != nil {
			t.Fatal(err)
		}
	}
	mfs, err := te.e.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	gens := map[string]bool{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "generation" {
					gens[l.GetValue()] = true
				}
			}
		}
	}
	if len(gens) != 1 || !gens["4"] {
		t.Fatalf("metric generations after 3 reloads: %v, want only 4", gens)
	}
}

// TestEdgeRefererGivesTheCanister: the loads of a page served at
// localhost/?canisterId=<id> find the page's canister through the Referer,
// are cached under it, and tell browser caches that they vary with it.
func TestEdgeRefererGivesTheCanister(t *testing.T) {
	te := startTestEdge(t)
	page := "https://localhost/?canisterId=" + te.canister.String()
	get := func(referer string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", "https://localhost/about", nil)
		if referer != "" {
			req.Header.Set("Referer", referer)
		}
		resp, err := te.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if resp, body := get(""); resp.StatusCode == 200 {
		t.Fatalf("no canister named, yet 200: %s", body)
	}
	resp, body := get(page)
	if resp.StatusCode != 200 || !strings.Contains(body, "About") || resp.Header.Get("IC-Certificate") == "" {
		t.Fatalf("with the page's Referer: %d %q", resp.StatusCode, body)
	}
	if !slices.Contains(resp.Header.Values("Vary"), "Referer") {
		t.Errorf("Vary %q lacks Referer", resp.Header.Values("Vary"))
	}
	if resp, _ := get(page); resp.Header.Get("X-Cache") != "HIT" || !slices.Contains(resp.Header.Values("Vary"), "Referer") {
		t.Errorf("second load: X-Cache %q, Vary %q", resp.Header.Get("X-Cache"), resp.Header.Values("Vary"))
	}
	for _, ref := range []string{
		"https://elsewhere.example/?canisterId=" + te.canister.String(),
		"https://" + te.canister.String() + ".localhost/?canisterId=" + te.canister.String(),
	} {
		if resp, _ := get(ref); resp.StatusCode == 200 {
			t.Errorf("Referer %s selected the canister", ref)
		}
	}
}
