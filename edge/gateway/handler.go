package gateway

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/edge/resolve"
	"github.com/threshold-ic/threshold/replica/api/agent"
)

// gateway is the handler New returns.
type gateway struct {
	opts     Options
	resolver *resolve.Resolver
	agent    *agent.Agent
	verifier *httpcert.Verifier
	versions versionCache
}

// New returns the HTTP gateway handler. It does no I/O.
func New(opts Options) (http.Handler, error) {
	if err := opts.setDefaults(); err != nil {
		return nil, err
	}
	return &gateway{opts: opts, resolver: opts.Resolver, agent: opts.Agent, verifier: opts.Verifier}, nil
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := g.opts.Now()
	ev := Event{}
	defer func() {
		ev.Total = g.opts.Now().Sub(start)
		g.opts.Metrics.Observe(ev)
	}()
	t, err := g.resolver.Resolve(r.Host, r.URL.Query())
	if err != nil {
		g.fail(w, r, &ev, resolveCause(err), "")
		return
	}
	ev.Canister, ev.Domain = t.Canister, t.Domain.String()
	canister := t.Canister.String()
	w.Header().Set(HeaderCanister, canister)

	req, c := g.buildRequest(w, r)
	if c != nil {
		g.fail(w, r, &ev, c, canister)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), g.opts.UpstreamTimeout)
	defer cancel()
	up := g.opts.Now()
	f, c := g.fetch(ctx, t.Canister, req)
	ev.Upstream = g.opts.Now().Sub(up)
	if c != nil {
		g.fail(w, r, &ev, c, canister)
		return
	}
	ev.Upgraded, ev.Chunks = f.upgraded, f.chunks
	v, c := g.check(ctx, t, req, f)
	if c != nil {
		g.fail(w, r, &ev, c, canister)
		return
	}
	ev.Verification, ev.Status = v.how, int(v.status)
	cacheable := (r.Method == http.MethodGet || r.Method == http.MethodHead) && !f.upgraded
	writeAnswer(w, r, v, cacheable)
}

// check verifies the answer unless the name is raw or the answer came from
// an update call, whose certificate the agent has checked.
func (g *gateway) check(ctx context.Context, t resolve.Target, req *canisterRequest, f *fetched) (*verified, *Cause) {
	switch {
	case !t.Verify:
		return &verified{f.resp.Status, f.resp.Headers, f.resp.Body, "raw"}, nil
	case f.upgraded && f.chunks > 0:
		return nil, newCause(CodeVerificationFailed, nil,
			"The update answer streams its body through queries that no certificate covers.")
	case f.upgraded:
		return &verified{f.resp.Status, f.resp.Headers, f.resp.Body, "update"}, nil
	}
	return g.verify(ctx, t.Canister, req, f.resp)
}

// fail answers with the page of c, logs it and records it.
func (g *gateway) fail(w http.ResponseWriter, r *http.Request, ev *Event, c *Cause, canister string) {
	ev.Status, ev.Cause = c.Status, c.Code
	if c.Code == CodeVerificationFailed {
		ev.Reason = httpcert.ReasonOf(c.Err).String()
	}
	level := slog.LevelInfo
	if c.Status >= 500 {
		level = slog.LevelWarn
	}
	g.opts.Logger.LogAttrs(r.Context(), level, "gateway request failed",
		slog.String("cause", c.Code), slog.Int("status", c.Status), slog.String("host", r.Host),
		slog.String("path", r.URL.Path), slog.String("canister", canister), slog.String("detail", c.Detail),
		slog.Any("error", c.Err))
	if c.Code == CodeClientClosed {
		return
	}
	if c.UpstreamFailure {
		w.Header().Set(HeaderUpstreamFailure, "1")
	}
	writePage(w, r, c, canister)
}

// resolveCause maps a resolve error to its cause.
func resolveCause(err error) *Cause {
	var e *resolve.Error
	errors.As(err, &e)
	switch {
	case errors.Is(err, resolve.ErrBadHost):
		return newCause(CodeBadHost, err, "The Host header is not a valid host name.")
	case errors.Is(err, resolve.ErrMalformedID):
		return newCause(CodeMalformedCanisterID, err, "%q is not a valid canister id.", e.Label)
	case errors.Is(err, resolve.ErrNoCanister):
		return newCause(CodeNoCanister, err, "Name a canister: https://<canister-id>.%s/ (or ?canisterId=<canister-id> where allowed).", e.Host)
	case errors.Is(err, resolve.ErrRawDisabled):
		return newCause(CodeRawDisabled, err, "Unverified raw names are switched off on %s; use the name without .raw.", e.Host)
	}
	host := ""
	if e != nil {
		host = e.Host
	}
	return newCause(CodeUnknownDomain, err, "%s is not a domain this gateway serves.", host)
}
