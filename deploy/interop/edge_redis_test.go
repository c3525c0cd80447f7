package interop

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// redisProc is a real redis-server on a loopback port.
type redisProc struct {
	cmd    *exec.Cmd
	port   int
	exited chan struct{}
}

// startRedis runs redis-server on port (0 picks a free one) with no
// persistence, and returns once it accepts connections.
func startRedis(t *testing.T, port int) *redisProc {
	t.Helper()
	bin := needTool(t, "redis-server")
	if port == 0 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port = l.Addr().(*net.TCPAddr).Port
		l.Close()
	}
	r := &redisProc{port: port, exited: make(chan struct{}),
		cmd: exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "",
			"--appendonly", "no", "--dir", t.TempDir())}
	stdout, err := r.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	log := &lockedBuffer{}
	go func() {
		sc := bufio.NewScanner(stdout)
		waiting := true
		for sc.Scan() {
			if waiting {
				log.Write([]byte(sc.Text() + "\n"))
				if strings.Contains(sc.Text(), "Ready to accept connections") {
					close(ready)
					waiting = false
				}
			}
		}
		r.cmd.Wait()
		close(r.exited)
	}()
	t.Cleanup(r.kill)
	select {
	case <-ready:
	case <-r.exited:
		t.Fatalf("redis-server exited\n%s", log.String())
	case <-time.After(20 * time.Second):
		t.Fatal("redis-server did not get ready")
	}
	return r
}

// addr is host:port.
func (r *redisProc) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(r.port)) }

// kill stops redis-server at once, as a crash would.
func (r *redisProc) kill() {
	select {
	case <-r.exited:
	default:
		r.cmd.Process.Kill()
		<-r.exited
	}
}

// TestEdgeRedis runs two edge PoPs (`threshold edge`) in front of one
// network, sharing a real redis-server: an answer PoP A fetched is a cache
// hit on PoP B. Then Redis is killed while load runs on both PoPs: no
// request fails, the Redis gauges of the cache and of the rate limiter go
// to 0 and the log says so; Redis restarted on the same port brings them
// back to 1.
func TestEdgeRedis(t *testing.T) {
	n := startEdgeNet(t)
	r := startRedis(t, 0)
	shared := map[string]any{
		"redis":  map[string]any{"addr": r.addr(), "timeout": "50ms"},
		"limits": map[string]any{"per_ip": map[string]any{"per_second": 100000, "burst": 100000}},
		"cache":  map[string]any{"default_ttl": "1m"},
	}
	a := startEdgeProc(t, edgeConfig(n, t.TempDir(), shared))
	b := startEdgeProc(t, edgeConfig(n, t.TempDir(), shared))
	c := edgeClient(t, false, a.ca, b.ca)

	first := mustGet(t, c, a.url(n.host(), "/data.json"))
	if first.status != 200 || first.header.Get("X-Cache") != "MISS" {
		t.Fatalf("PoP A: %d X-Cache %q", first.status, first.header.Get("X-Cache"))
	}
	second := mustGet(t, c, b.url(n.host(), "/data.json"))
	if second.status != 200 || second.header.Get("X-Cache") != "HIT" || second.body != first.body {
		t.Fatalf("PoP B: %d X-Cache %q, body equal %v: want a hit from the shared cache",
			second.status, second.header.Get("X-Cache"), second.body == first.body)
	}
	noEdgeHeaders(t, "PoP B hit", second.header)
	redisUp := func(e *edgeProc, want float64) func() bool {
		return func() bool {
			for _, name := range []string{"edge_cache_redis_up", "edge_limit_redis_up"} {
				m := e.metric(t, name)
				if len(m) == 0 {
					t.Fatalf("no %s series", name)
				}
				for _, v := range m {
					if v != want {
						return false
					}
				}
			}
			return true
		}
	}
	waitFor(t, 10*time.Second, "Redis gauges at 1 on PoP A", redisUp(a, 1))

	paths := []string{"/", "/about", "/data.json", "/large.html"}
	l := startLoad(8, func(w, i int) error {
		e := a
		if w%2 == 1 {
			e = b
		}
		// Half the requests are new keys: the cache and its Redis tier
		// are exercised on both hits and misses.
		p := paths[i%len(paths)]
		if i%2 == 0 {
			p += fmt.Sprintf("?w=%d&i=%d", w, i)
		}
		return get200(c, e.url(n.host(), p), "")
	})
	l.waitOK(t, 50)
	r.kill()
	killed := time.Now()
	// Both PoPs notice on their next Redis operation, which the load makes.
	waitFor(t, 20*time.Second, "Redis gauges at 0 on PoP A", redisUp(a, 0))
	waitFor(t, 20*time.Second, "Redis gauges at 0 on PoP B", redisUp(b, 0))
	l.waitOK(t, 100)
	// The outage lasts a few seconds under load, past the PoPs' background
	// pings of the dead Redis (one a second).
	for time.Since(killed) < 3*time.Second {
		l.waitOK(t, 20)
	}
	if !strings.Contains(a.stderr.String(), "redis unavailable") {
		t.Error("PoP A did not log that Redis is unavailable")
	}
	for _, e := range []*edgeProc{a, b} {
		checkJSONLog(t, e.stderr.String())
	}
	startRedis(t, r.port)
	waitFor(t, 30*time.Second, "Redis gauges back at 1 on PoP A", redisUp(a, 1))
	waitFor(t, 30*time.Second, "Redis gauges back at 1 on PoP B", redisUp(b, 1))
	l.waitOK(t, 50)
	if !strings.Contains(a.stderr.String(), "redis available again") {
		t.Error("PoP A did not log that Redis is back")
	}
	total := l.stop(t)
	t.Logf("%d requests through two PoPs while Redis went away and came back", total)
}

// checkJSONLog fails on a log line that is not a JSON object: the edge's
// logs (json format) go to a collector, and a stray line from a library
// breaks it.
func checkJSONLog(t *testing.T, log string) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Errorf("edge log line is not JSON: %.200q", line)
		}
	}
}
