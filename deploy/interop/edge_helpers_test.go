package interop

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// edgeNet is a `threshold up` network, its edge, and the certified Motoko
// http_request canister (replica/testdata/canisters/certified_http.wasm)
// installed on it.
type edgeNet struct {
	*upNet
	canister  string // principal text
	httpsPort string // HTTPS (TCP) and HTTP/3 (UDP)
	httpPort  string // plain HTTP, serving canisters in development
	ca        string // the local CA's certificate (PEM)
}

// startEdgeNet starts `threshold up` on free ports and installs the
// certified canister with the CLI, as a developer would.
func startEdgeNet(t *testing.T) *edgeNet {
	t.Helper()
	n := edgeNetOf(t, startUp(t, t.TempDir()))
	n.canister = installCertified(t, n.upNet)
	return n
}

// demoSiteNet starts `threshold up` and returns its edge with the demo
// site (the Go asset canister `up` installs) as the canister.
func demoSiteNet(t *testing.T) *edgeNet {
	t.Helper()
	n := edgeNetOf(t, startUp(t, t.TempDir()))
	if n.canister = n.net.Canisters["demo_site"]; n.canister == "" {
		t.Fatalf("network.json names no demo_site: %v", n.net.Canisters)
	}
	return n
}

// edgeNetOf checks the gateway `threshold up` wrote into network.json.
func edgeNetOf(t *testing.T, u *upNet) *edgeNet {
	t.Helper()
	g := u.net.Gateway
	if g.HTTPSURL == "" || g.CACert == "" || g.Apex != "localhost" {
		t.Fatalf("network.json has no usable gateway: %+v", g)
	}
	n := &edgeNet{upNet: u, httpsPort: portOfURL(t, g.HTTPSURL), httpPort: portOfURL(t, g.HTTPURL), ca: g.CACert}
	if g.HTTP3Port == 0 || portOfURL(t, g.HTTPSURL) != strconv.Itoa(g.HTTP3Port) {
		t.Fatalf("HTTP/3 port %d is not the HTTPS port of %s", g.HTTP3Port, g.HTTPSURL)
	}
	return n
}

// installCertified creates a canister and installs certified_http.wasm
// with `threshold canister`, in a throwaway THRESHOLD_HOME.
func installCertified(t *testing.T, u *upNet) string {
	t.Helper()
	home := t.TempDir()
	run := func(args ...string) string { return runThreshold(t, home, args...) }
	out := strings.Fields(run("canister", "create", "--network", u.dir))
	if len(out) == 0 {
		t.Fatal("threshold canister create printed nothing")
	}
	id := out[len(out)-1]
	if _, err := principal.Parse(id); err != nil {
		t.Fatalf("threshold canister create printed %q: %v", id, err)
	}
	wasm, err := filepath.Abs(filepath.Join("..", "..", "replica", "testdata", "canisters", "certified_http.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	run("canister", "install", "--network", u.dir, "--wasm", wasm, id)
	return id
}

// runThreshold runs the threshold command with THRESHOLD_HOME=home and
// returns its standard output; it fails the test if the command fails.
func runThreshold(t *testing.T, home string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, thresholdBinary(t), args...)
	cmd.Env = append(os.Environ(), "THRESHOLD_HOME="+home)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("threshold %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// host is the verified host name of the canister.
func (n *edgeNet) host() string { return n.canister + ".localhost" }

// url is https://<id>.localhost:<port><path>.
func (n *edgeNet) url(path string) string { return "https://" + n.host() + ":" + n.httpsPort + path }

// edgeClient is an HTTP client that trusts the given CA certificates and
// dials every host name at 127.0.0.1 (as curl --resolve does), speaking
// HTTP/2 unless h1 is set.
func edgeClient(t *testing.T, h1 bool, caFiles ...string) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	for _, f := range caFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !pool.AppendCertsFromPEM(b) {
			t.Fatalf("%s holds no PEM certificate", f)
		}
	}
	d := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool},
		ForceAttemptHTTP2: !h1,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			_, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			return d.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
		},
		MaxIdleConnsPerHost: 64,
	}
	if h1 {
		tr.TLSNextProto = map[string]func(string, *tls.Conn) http.RoundTripper{}
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// answer is a whole HTTP response.
type answer struct {
	status int
	header http.Header
	body   string
	proto  string
}

// get fetches url with the extra headers given as name, value pairs.
func get(c *http.Client, url string, hdr ...string) (answer, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return answer{}, err
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if strings.EqualFold(hdr[i], "Host") {
			req.Host = hdr[i+1]
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b), proto: resp.Proto}, err
}

// mustGet is get that fails the test on a transport error.
func mustGet(t *testing.T, c *http.Client, url string, hdr ...string) answer {
	t.Helper()
	a, err := get(c, url, hdr...)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return a
}

// noEdgeHeaders fails when an internal X-Edge-* header left the edge.
func noEdgeHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	for k := range h {
		if strings.HasPrefix(strings.ToLower(k), "x-edge-") {
			t.Errorf("%s: internal header %s leaked to the client", what, k)
		}
	}
}

// needTool returns the path of a Debian tool the test drives; without it
// the test fails in CI (CI=true) and is skipped elsewhere.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" || os.Getenv("THRESHOLD_INTEROP") == "1" {
		t.Fatalf("%s is not installed: install the Debian package %s (the test command does)", name, debianPackage[name])
	}
	t.Skipf("%s is not installed", name)
	return ""
}

// debianPackage names the Debian package of each tool the edge tests run.
var debianPackage = map[string]string{
	"curl": "curl", "gtlsclient": "ngtcp2-client", "chromium": "chromium",
	"certutil": "libnss3-tools", "redis-server": "redis-server",
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func portOfURL(t *testing.T, u string) string {
	t.Helper()
	i := strings.LastIndex(u, ":")
	if i < 0 {
		t.Fatalf("%q has no port", u)
	}
	return strings.TrimRight(u[i+1:], "/")
}
