package routing

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

var _ http.RoundTripper = (*Router)(nil)

// RoundTrip sends an IC API request (see ParsePath) to a usable node of the
// subnet it is for, retrying on another node as the package documentation
// describes. The scheme and host of req.URL are ignored. Routing failures
// are *Error values; when every attempt got an HTTP answer, the last one is
// returned as it came (a 5xx or 429 included). The response carries
// x-ic-node-id and x-ic-subnet-id headers naming the node that answered.
func (r *Router) RoundTrip(req *http.Request) (*http.Response, error) {
	tgt, err := ParsePath(req.URL.Path)
	if err != nil {
		closeBody(req)
		return nil, err
	}
	snap := r.snap.Load()
	nodes, subnet, err := snap.route(tgt)
	if err != nil {
		closeBody(req)
		return nil, err
	}
	if len(nodes) == 0 {
		closeBody(req)
		return nil, &Error{Kind: ErrNoHealthyNode, Subnet: subnet, Err: errors.New("no nodes in the table")}
	}
	body, err := r.readBody(req)
	if err != nil {
		return nil, err
	}
	return r.send(req, tgt, nodes, body)
}

// send runs the attempts of one request.
func (r *Router) send(req *http.Request, tgt Target, nodes []*node, body []byte) (*http.Response, error) {
	subnet := nodes[0].subnet
	if tgt.Op == OpStatus {
		nodes = r.statusNodes(nodes)
	}
	b := r.budget(subnet)
	b.request()
	var triedBuf [4]*node
	tried := triedBuf[:0]
	n := r.pick(nodes, nil)
	if n == nil {
		r.m.noHealthy.WithLabelValues(nodes[0].slabel).Inc()
		return nil, &Error{Kind: ErrNoHealthyNode, Subnet: nodes[0].slabel}
	}
	for retry := 1; ; retry++ {
		resp, err := r.attempt(req, tgt, n, body)
		reason := r.judge(req, tgt, n, resp, err)
		if reason == "" || retry > r.opts.MaxRetries {
			return r.result(n, resp, err)
		}
		tried = append(tried, n)
		next := r.pick(nodes, tried)
		if next == nil {
			return r.result(n, resp, err)
		}
		if !b.tryRetry() {
			r.m.budgetEmpty.WithLabelValues(n.slabel).Inc()
			return r.result(n, resp, err)
		}
		discard(resp)
		r.m.retries.WithLabelValues(n.slabel, reason).Inc()
		if err := r.backoff(req.Context(), retry, reason, err); err != nil {
			return nil, &Error{Kind: ErrUnreachable, Subnet: n.slabel, Err: err}
		}
		n = next
	}
}

// statusNodes prefers the default subnet's nodes for /api/v2/status and
// falls back to every node when none of them is usable.
func (r *Router) statusNodes(deflt []*node) []*node {
	now := r.opts.Now().UnixNano()
	for _, n := range deflt {
		if n.usable(now) {
			return deflt
		}
	}
	return r.snap.Load().all
}

// result turns an attempt's outcome into RoundTrip's.
func (r *Router) result(n *node, resp *http.Response, err error) (*http.Response, error) {
	if err != nil {
		return nil, &Error{Kind: ErrUnreachable, Subnet: n.slabel, Node: n.label, Err: err}
	}
	return resp, nil
}

// attempt sends the request to one node.
func (r *Router) attempt(req *http.Request, tgt Target, n *node, body []byte) (*http.Response, error) {
	ctx, cancel := req.Context(), context.CancelFunc(nil)
	if tgt.Op != OpCall {
		ctx, cancel = context.WithTimeout(ctx, r.opts.AttemptTimeout)
	}
	out := req.Clone(ctx)
	out.URL = n.target(req.URL)
	out.Host = ""
	out.RequestURI = ""
	out.Body, out.GetBody, out.ContentLength = http.NoBody, nil, 0
	if len(body) > 0 {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		out.ContentLength = int64(len(body))
	}
	n.inflight.Add(1)
	start := time.Now()
	resp, err := r.opts.Transport.RoundTrip(out)
	took := time.Since(start)
	n.inflight.Add(-1)
	status := 0
	if err == nil {
		status = resp.StatusCode
		if tgt.Op != OpCall {
			n.observe(took)
		}
		resp.Header.Set("X-Ic-Node-Id", n.label)
		resp.Header.Set("X-Ic-Subnet-Id", n.slabel)
	}
	r.m.attempts.WithLabelValues(n.slabel, n.label, outcome(status, err)).Inc()
	r.m.latency.WithLabelValues(n.slabel, tgt.Op.String()).Observe(took.Seconds())
	if cancel != nil {
		if err != nil {
			cancel()
		} else {
			resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
		}
	}
	return resp, err
}

// cancelBody ends an attempt's context when its body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// discard drains (a little of) a response that will not be used, so that
// its connection can be reused, and closes it.
func discard(resp *http.Response) {
	if resp == nil {
		return
	}
	io.CopyN(io.Discard, resp.Body, 64<<10)
	resp.Body.Close()
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
