package interop

import (
	"bufio"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// edgeProc is a `threshold edge --config FILE` process: a second edge PoP
// in front of a network that `threshold up` runs.
type edgeProc struct {
	cmd                  *exec.Cmd
	config               string // the config file (rewritten before a SIGHUP)
	https, http, metrics string // host:port
	tlsDir               string
	ca                   string // its own local CA certificate
	stderr               *lockedBuffer
	exited               chan struct{}
	waitErr              error
}

// edgeConfig is the config file of an edge PoP for network n with its own
// local CA under dir; extra is merged over it section by section.
func edgeConfig(n *edgeNet, dir string, extra map[string]any) map[string]any {
	cfg := map[string]any{
		"network": n.file,
		"listen":  map[string]any{"https": "127.0.0.1:0", "http": "127.0.0.1:0", "metrics": "127.0.0.1:0", "dev": true},
		"tls":     map[string]any{"mode": "local", "dir": filepath.Join(dir, "tls")},
		"log":     map[string]any{"format": "json", "level": "info"},
	}
	for k, v := range extra {
		cfg[k] = v
	}
	return cfg
}

var edgeServing = regexp.MustCompile(`edge serving https://(\S+) \(HTTP/3 on udp \S+\), http://(\S+), metrics http://(\S+)`)

// startEdgeProc writes cfg to a file and runs `threshold edge` on it; it
// returns once the edge says it serves (every listener listens by then).
func startEdgeProc(t *testing.T, cfg map[string]any) *edgeProc {
	t.Helper()
	dir := t.TempDir()
	e := &edgeProc{config: filepath.Join(dir, "edge.json"), stderr: &lockedBuffer{}, exited: make(chan struct{})}
	e.tlsDir = cfg["tls"].(map[string]any)["dir"].(string)
	e.writeConfig(t, cfg)
	e.cmd = exec.Command(thresholdBinary(t), "edge", "--config", e.config)
	e.cmd.Stderr = e.stderr
	stdout, err := e.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	serving := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := edgeServing.FindStringSubmatch(sc.Text()); m != nil {
				serving <- m
			}
		}
		e.waitErr = e.cmd.Wait()
		close(e.exited)
	}()
	t.Cleanup(func() { e.stop(t) })
	select {
	case m := <-serving:
		e.https, e.http, e.metrics = m[1], m[2], m[3]
	case <-e.exited:
		t.Fatalf("threshold edge exited: %v\n%s", e.waitErr, e.stderr)
	case <-time.After(30 * time.Second):
		t.Fatalf("threshold edge did not start serving\n%s", e.stderr)
	}
	e.ca = filepath.Join(e.tlsDir, "ca", "root.crt")
	if _, err := os.Stat(e.ca); err != nil {
		t.Fatalf("the edge's local CA: %v", err)
	}
	return e
}

func (e *edgeProc) writeConfig(t *testing.T, cfg map[string]any) {
	t.Helper()
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	// Write and rename, so a SIGHUP never reads half a file.
	tmp := e.config + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, e.config); err != nil {
		t.Fatal(err)
	}
}

// reload rewrites the config and sends SIGHUP.
func (e *edgeProc) reload(t *testing.T, cfg map[string]any) {
	t.Helper()
	e.writeConfig(t, cfg)
	if err := e.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
}

// port is the edge's HTTPS (and HTTP/3) port.
func (e *edgeProc) port() string { _, p, _ := net.SplitHostPort(e.https); return p }

// url is https://<host>:<port><path> on this edge.
func (e *edgeProc) url(host, path string) string { return "https://" + host + ":" + e.port() + path }

// stop drains the edge with SIGTERM, as an operator would, and checks it
// exits cleanly.
func (e *edgeProc) stop(t *testing.T) {
	select {
	case <-e.exited:
		return
	default:
	}
	e.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-e.exited:
		if e.waitErr != nil {
			t.Errorf("threshold edge exited with %v after SIGTERM\n%s", e.waitErr, e.stderr)
		}
	case <-time.After(30 * time.Second):
		e.cmd.Process.Kill()
		<-e.exited
		t.Error("threshold edge did not stop on SIGTERM")
	}
}

// metric returns the values of every series of a metric family on the
// edge's metrics listener, keyed by the series' label text.
func (e *edgeProc) metric(t *testing.T, name string) map[string]float64 {
	t.Helper()
	c := edgeClient(t, true)
	a := mustGet(t, c, "http://"+e.metrics+"/metrics")
	if a.status != 200 {
		t.Fatalf("/metrics: %d", a.status)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(a.body, "\n") {
		if !strings.HasPrefix(line, name) || strings.HasPrefix(line, "#") {
			continue
		}
		rest := line[len(name):]
		if rest == "" || (rest[0] != '{' && rest[0] != ' ') {
			continue
		}
		i := strings.LastIndexByte(rest, ' ')
		v, err := strconv.ParseFloat(rest[i+1:], 64)
		if err != nil {
			t.Fatalf("metric line %q: %v", line, err)
		}
		out[strings.TrimSpace(rest[:i])] = v
	}
	return out
}

// lockedBuffer is an io.Writer safe to read while a process writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
