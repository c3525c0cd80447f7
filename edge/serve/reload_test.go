package serve

import (
	"context"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// load runs GETs on every protocol until stop is closed, counting errors
// and the bodies seen.
type load struct {
	wg       sync.WaitGroup
	errs     atomic.Int64
	requests atomic.Int64
	mu       sync.Mutex
	bodies   map[string]int
	firstErr atomic.Value
}

func runLoad(t *testing.T, s *Server, stop <-chan struct{}, workers int) *load {
	roots := caPool(t, s)
	h3, tr := h3Client(s, roots)
	t.Cleanup(func() { tr.Close() })
	clients := []*http.Client{tcpClient(s, roots, true), tcpClient(s, roots, false), h3}
	l := &load{bodies: map[string]int{}}
	for i := range workers {
		c := clients[i%len(clients)]
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				l.requests.Add(1)
				resp, err := c.Get(urlFor(s, testHost, "/"))
				if err == nil && resp.StatusCode != 200 {
					err = errors.New(resp.Status)
				}
				if err != nil {
					l.errs.Add(1)
					l.firstErr.CompareAndSwap(nil, err)
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				body, _, _ := strings.Cut(string(b), " ")
				l.mu.Lock()
				l.bodies[body]++
				l.mu.Unlock()
			}
		}()
	}
	return l
}

func TestSetHandlerUnderLoadDropsNothing(t *testing.T) {
	s := start(t, localOptions(t, t.TempDir(), hello("v0")))
	peerCert(t, s, caPool(t, s), testHost, "v0 HTTP/2.0") // issue before the load starts
	stop := make(chan struct{})
	l := runLoad(t, s, stop, 12)
	for i := 1; i <= 50; i++ {
		// Wait for traffic between swaps, so that each version serves.
		for n := l.requests.Load(); l.requests.Load() < n+20; {
			runtime.Gosched()
		}
		s.SetHandler(hello("v" + string(rune('0'+i%10))))
	}
	close(stop)
	l.wg.Wait()
	if n := l.errs.Load(); n > 0 {
		t.Fatalf("%d of %d requests failed during handler swaps; first: %v", n, l.requests.Load(), l.firstErr.Load())
	}
	if len(l.bodies) < 5 {
		t.Errorf("bodies seen: %v", l.bodies)
	}
	t.Logf("%d requests, bodies %v", l.requests.Load(), l.bodies)
}

func TestReloadSwapsTLSAndRefusesFixedFields(t *testing.T) {
	o := localOptions(t, t.TempDir(), hello("v1"))
	s := start(t, o)
	ctx := context.Background()

	moved := o
	moved.HTTPSAddr = "127.0.0.1:1"
	if err := s.Reload(ctx, moved); !errors.Is(err, ErrRestart) || !strings.Contains(err.Error(), "HTTPSAddr") {
		t.Errorf("address change: %v, want ErrRestart naming HTTPSAddr", err)
	}

	// The new options serve another CA and handler; open connections
	// stay, new handshakes see the new certificates.
	roots, certFile, keyFile := certFiles(t, testHost)
	next := o
	next.Handler = hello("v2")
	next.TLS = TLS{Files: &Files{Pairs: []CertKeyPair{{Cert: certFile, Key: keyFile}}}}
	oldRoots := caPool(t, s)
	oldClient := tcpClient(s, oldRoots, false)
	if _, err := oldClient.Get(urlFor(s, testHost, "/")); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(ctx, next); err != nil {
		t.Fatal(err)
	}
	resp, err := oldClient.Get(urlFor(s, testHost, "/")) // the kept connection
	if err != nil {
		t.Fatalf("an open connection broke on reload: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "v2 HTTP/2.0" {
		t.Errorf("old connection after reload got %q", b)
	}
	peerCert(t, s, roots, testHost, "v2 HTTP/2.0")
}
