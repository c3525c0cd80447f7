package routing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// judge looks at an attempt's outcome: it marks the node down when the
// outcome says the node is unwell, and returns why the request should be
// retried on another node, or "" when it should not.
func (r *Router) judge(req *http.Request, tgt Target, n *node, resp *http.Response, err error) string {
	if req.Context().Err() != nil {
		return "" // the caller gave up; the node is not to blame
	}
	if err != nil {
		r.markDown(n, err.Error())
		if tgt.Op.idempotent() || isDialError(err) {
			return "error"
		}
		return ""
	}
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests:
		// The replica refused the message (a full ingress pool for a
		// call): another node may take it, and nothing was accepted.
		return "429"
	case code >= 500:
		if code == http.StatusBadGateway || code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout {
			r.markDown(n, "HTTP "+strconv.Itoa(code))
		}
		if tgt.Op.idempotent() {
			return "5xx"
		}
		return ""
	}
	if n.downUntil.Load() != 0 {
		if n.succeeded(r.opts.Now()) {
			r.report(n, "")
		}
	}
	return ""
}

// markDown takes a node out after a failed request.
func (r *Router) markDown(n *node, reason string) {
	n.markDown(r.opts.Now(), r.opts.PassiveDown)
	r.report(n, reason)
}

// isDialError reports whether err happened before a connection to the node
// existed, so that the request surely did not reach it.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// backoff waits before retry number retry (1-based): nothing for a first
// retry after a dial error (the request never left, and another node is
// most likely fine), else RetryBackoff doubled per retry with jitter in
// [d/2, d).
func (r *Router) backoff(ctx context.Context, retry int, reason string, err error) error {
	if retry == 1 && reason == "error" && isDialError(err) {
		return nil
	}
	d := r.opts.RetryBackoff << (retry - 1)
	d = d/2 + time.Duration(r.rand.float64()*float64(d/2))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// readBody buffers the request body, up to MaxBodyBytes, so that it can be
// sent again.
func (r *Router) readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	limit := r.opts.MaxBodyBytes
	if req.ContentLength > limit {
		return nil, &Error{Kind: ErrBodyTooLarge, Err: fmt.Errorf("%d bytes, limit %d", req.ContentLength, limit)}
	}
	size := req.ContentLength
	if size < 0 {
		size = 512
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+1))
	n, err := io.Copy(buf, io.LimitReader(req.Body, limit+1))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || n > limit:
		return nil, &Error{Kind: ErrBodyTooLarge, Err: fmt.Errorf("limit %d bytes", limit)}
	case err != nil:
		return nil, fmt.Errorf("routing: reading the request body: %w", err)
	}
	return buf.Bytes(), nil
}
