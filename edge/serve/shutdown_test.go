package serve

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestShutdownDrainsInFlightRequestsOnTCPAndQUIC(t *testing.T) {
	entered := make(chan string, 3)
	release := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- r.Proto
		<-release
		io.WriteString(w, "done "+r.Proto)
	})
	o := localOptions(t, t.TempDir(), slow)
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	roots := caPool(t, s)
	h3, tr := h3Client(s, roots)
	defer tr.Close()
	clients := []*http.Client{tcpClient(s, roots, true), tcpClient(s, roots, false), h3}

	var wg sync.WaitGroup
	results := make([]string, len(clients))
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := c.Get(urlFor(s, testHost, "/slow"))
			if err != nil {
				results[i] = err.Error()
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			results[i] = string(b)
		}()
	}
	for range clients {
		<-entered
	}

	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeScale(20*time.Second))
		defer cancel()
		shut <- s.Shutdown(ctx)
	}()
	// Draining: /health says so while the slow requests are still held.
	for {
		resp, err := http.Get("http://" + s.Addrs().Metrics + "/health")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable {
			break
		}
	}
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned before the requests finished: %v", err)
	default:
	}
	close(release)
	wg.Wait()
	if err := <-shut; err != nil {
		t.Fatal(err)
	}
	want := []string{"done HTTP/1.1", "done HTTP/2.0", "done HTTP/3.0"}
	for i := range want {
		if results[i] != want[i] {
			t.Errorf("request %d: %q, want %q", i, results[i], want[i])
		}
	}
	if c, err := net.Dial("tcp", s.Addrs().HTTPS); err == nil {
		c.Close()
		t.Error("the HTTPS port still accepts after Shutdown")
	}
}
