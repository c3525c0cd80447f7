package agent

import (
	"context"
	"fmt"
	"time"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Polling backoff: the first read_state after pollStart, each wait
// pollFactor times the last, at most pollMax.
const (
	pollStart  = 100 * time.Millisecond
	pollMax    = time.Second
	pollFactor = 1.5
)

// poll reads the request's status until it is terminal, the request has
// expired or ctx is done. Transient read_state failures (a certificate not
// yet covering the request, a 5xx) are retried until the expiry.
func (a *Agent) poll(ctx context.Context, ecid principal.Principal, req *signed) ([]byte, error) {
	wait := pollStart
	var last error
	for {
		st, err := a.RequestStatus(ctx, ecid, req.id)
		switch {
		case err == nil && st.terminal():
			return st.result()
		case err != nil && !retryable(err):
			return nil, fmt.Errorf("polling: %w", err)
		}
		last = err
		if !a.now().Before(req.expiry) {
			if last != nil {
				return nil, fmt.Errorf("%w (request %s; last poll: %w)", ErrExpired, req.id, last)
			}
			return nil, fmt.Errorf("%w (request %s, status %q)", ErrExpired, req.id, st.Status)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("polling request %s: %w", req.id, ctx.Err())
		case <-t.C:
		}
		wait = min(time.Duration(float64(wait)*pollFactor), pollMax)
	}
}

// retryable reports whether a failed poll may succeed later: server
// errors and rate limits, not refusals, bad certificates or cancellation.
func retryable(err error) bool {
	for _, s := range []int{429, 500, 502, 503, 504} {
		if isHTTPStatus(err, s) {
			return true
		}
	}
	return false
}
