// Package redistest starts a real redis-server for the edge's tests, finds
// goroutines that outlive them, and waits for conditions with scaled
// timeouts. Only tests import it.
package redistest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Scaled stretches test timeouts by THRESHOLD_TEST_TIMEOUT_FACTOR.
func Scaled(d time.Duration) time.Duration {
	if f, err := strconv.ParseFloat(os.Getenv("THRESHOLD_TEST_TIMEOUT_FACTOR"), 64); err == nil && f > 0 {
		return time.Duration(float64(d) * f)
	}
	return d
}

// Server is a real redis-server on a free 127.0.0.1 port, without
// persistence, that a test can stop and start again on the same port.
type Server struct {
	t    testing.TB
	port int
	cmd  *exec.Cmd
	done chan error
}

// Start runs redis-server on a free port and stops it when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatalf("redis-server is needed (Debian package redis-server): %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, port: l.Addr().(*net.TCPAddr).Port}
	l.Close()
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return fmt.Sprintf("127.0.0.1:%d", s.port) }

// Start (re)starts the server on its port and waits for PING.
func (s *Server) Start() {
	s.t.Helper()
	s.cmd = exec.Command("redis-server", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.t.TempDir(), "--loglevel", "warning")
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.done = make(chan error, 1)
	go func(c *exec.Cmd, done chan error) { done <- c.Wait() }(s.cmd, s.done)
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), MaxRetries: -1, DisableIdentity: true, Protocol: 2})
	defer c.Close()
	deadline := time.Now().Add(Scaled(10 * time.Second))
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return
		}
		select {
		case err := <-s.done:
			s.t.Fatalf("redis-server exited: %v", err)
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("redis-server on %s not answering PING: %v", s.Addr(), err)
		}
	}
}

// Stop kills the server.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.done
	s.cmd = nil
}

// Eventually polls cond until it holds or the scaled timeout passes.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(Scaled(10 * time.Second))
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

// Leaked lists the goroutines of the edge's packages or of go-redis that
// are still running, after giving closing ones a few seconds to end.
func Leaked() string {
	deadline := time.Now().Add(5 * time.Second)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var leaked []string
		for _, g := range strings.Split(string(buf), "\n\n") {
			if strings.Contains(g, "threshold/edge/") || strings.Contains(g, "go-redis") {
				if !strings.Contains(g, "redistest.Leaked") {
					leaked = append(leaked, g)
				}
			}
		}
		if len(leaked) == 0 || time.Now().After(deadline) {
			return strings.Join(leaked, "\n\n")
		}
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond) // goroutines winding down after Close, not readiness
	}
}

// Main runs a package's tests and fails the run if a goroutine of the
// edge's packages or of go-redis outlives them: everything must be closed
// and every prober stopped. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := Leaked(); leaked != "" {
			fmt.Fprintln(os.Stderr, "goroutines leaked:\n"+leaked)
			code = 1
		}
	}
	os.Exit(code)
}
