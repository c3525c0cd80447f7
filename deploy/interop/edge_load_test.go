package interop

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// load runs requests from several workers until stopped, counting
// successes and failures: the background traffic of the reload, Redis and
// stale tests.
type load struct {
	ok, failed atomic.Int64
	mu         sync.Mutex
	errs       []string // the first few failures
	stopc      chan struct{}
	wg         sync.WaitGroup
}

// startLoad runs do(worker, i) in a loop on each of n workers; do returns
// an error for a failed request.
func startLoad(n int, do func(worker, i int) error) *load {
	l := &load{stopc: make(chan struct{})}
	for w := range n {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for i := 0; ; i++ {
				select {
				case <-l.stopc:
					return
				default:
				}
				if err := do(w, i); err != nil {
					l.failed.Add(1)
					l.mu.Lock()
					if len(l.errs) < 5 {
						l.errs = append(l.errs, err.Error())
					}
					l.mu.Unlock()
					continue
				}
				l.ok.Add(1)
			}
		}()
	}
	return l
}

// waitOK waits until at least n more requests have succeeded.
func (l *load) waitOK(t *testing.T, n int64) {
	t.Helper()
	want := l.ok.Load() + n
	waitFor(t, 30*time.Second, fmt.Sprintf("%d more successful requests", n), func() bool { return l.ok.Load() >= want })
}

// stop ends the load and reports how many requests succeeded, and fails the
// test if any failed.
func (l *load) stop(t *testing.T) int64 {
	t.Helper()
	close(l.stopc)
	l.wg.Wait()
	if f := l.failed.Load(); f > 0 {
		t.Errorf("%d of %d requests failed under load; first: %v", f, f+l.ok.Load(), l.errs)
	}
	return l.ok.Load()
}

// get200 fetches url and turns anything but a 200 with want in its body
// into an error.
func get200(c *http.Client, url, want string) error {
	a, err := get(c, url)
	if err != nil {
		return err
	}
	if a.status != 200 {
		return fmt.Errorf("%s: status %d: %.200s", url, a.status, a.body)
	}
	if want != "" && !strings.Contains(a.body, want) {
		return fmt.Errorf("%s: body %.100q lacks %q", url, a.body, want)
	}
	return nil
}
