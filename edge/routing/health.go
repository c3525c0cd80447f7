package routing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// maxStatusBody bounds a status answer (a root key and a few short fields).
const maxStatusBody = 16 << 10

// Start runs the health checks until ctx ends or Close is called: one
// round at once, then one every HealthInterval. Calling Start on a running
// Router does nothing.
func (r *Router) Start(ctx context.Context) {
	r.runMu.Lock()
	defer r.runMu.Unlock()
	if r.cancel != nil {
		return
	}
	ctx, r.cancel = context.WithCancel(ctx)
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		t := time.NewTicker(r.opts.HealthInterval)
		defer t.Stop()
		for {
			r.checkRound(ctx, false)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// Close stops the health checks and waits for them to end.
func (r *Router) Close() error {
	r.runMu.Lock()
	cancel := r.cancel
	r.runMu.Unlock()
	if cancel != nil {
		cancel()
	}
	r.wg.Wait()
	return nil
}

// CheckNow checks every node of the current table once and returns when
// all checks are done: before swapping in a new table, or in tests.
func (r *Router) CheckNow(ctx context.Context) {
	r.checkRound(ctx, true)
}

// checkRound checks every node concurrently, skipping a node whose previous
// check still runs. With wait, it returns once the checks are done.
func (r *Router) checkRound(ctx context.Context, wait bool) {
	var wg sync.WaitGroup
	for _, n := range r.snap.Load().all {
		if !n.checking.CompareAndSwap(false, true) {
			continue
		}
		wg.Add(1)
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			defer wg.Done()
			defer n.checking.Store(false)
			r.check(ctx, n)
		}()
	}
	if wait {
		wg.Wait()
	}
}

// check runs one health check of a node and records its result.
func (r *Router) check(ctx context.Context, n *node) {
	ctx, cancel := context.WithTimeout(ctx, r.opts.HealthTimeout)
	defer cancel()
	start := time.Now()
	err := r.probe(ctx, n)
	if err != nil && errors.Is(ctx.Err(), context.Canceled) {
		return // shutting down: no verdict
	}
	if err == nil {
		n.observe(time.Since(start))
	}
	n.checked(err == nil)
	reason := ""
	if err != nil {
		reason = err.Error()
	}
	r.report(n, reason)
}

// probe asks a node for its status: nil means healthy.
func (r *Router) probe(ctx context.Context, n *node) error {
	u := *n.URL
	u.Path = joinPath(n.URL.Path, "/api/v2/status")
	u.RawPath, u.RawQuery = "", ""
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	resp, err := r.opts.Transport.RoundTrip(req)
	if err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxStatusBody))
	if err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health check: HTTP %d", resp.StatusCode)
	}
	status, err := healthStatus(body)
	if err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	if status != "healthy" {
		return fmt.Errorf("health check: replica is %s", status)
	}
	return nil
}
