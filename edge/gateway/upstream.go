package gateway

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"github.com/threshold-ic/threshold/edge/routing"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// fetched is the canister's answer, streamed body assembled.
type fetched struct {
	resp     *canisterResponse
	upgraded bool
	chunks   int // streaming callbacks followed
}

// fetch runs the upstream phase: http_request, the upgrade to
// http_request_update if asked, and the streaming callbacks.
func (g *gateway) fetch(ctx context.Context, canister principal.Principal, req *canisterRequest) (*fetched, *Cause) {
	arg, err := req.encodeQuery()
	if err != nil {
		return nil, newCause(CodeBadRequest, err, "The request cannot be encoded for the canister.")
	}
	reply, err := g.agent.Query(ctx, canister, "http_request", arg)
	if err != nil {
		return nil, upstreamCause(ctx, err)
	}
	resp, err := decodeResponse(reply)
	if err != nil {
		return nil, newCause(CodeBadResponse, err, "The canister's http_request answer does not decode as an HttpResponse.")
	}
	f := &fetched{resp: resp}
	if resp.Upgrade {
		arg, err := req.encodeUpdate()
		if err != nil {
			return nil, newCause(CodeBadRequest, err, "The request cannot be encoded for the canister.")
		}
		reply, err := g.agent.Call(ctx, canister, "http_request_update", arg, agent.CallOptions{})
		if err != nil {
			return nil, upstreamCause(ctx, err)
		}
		if f.resp, err = decodeResponse(reply); err != nil {
			return nil, newCause(CodeBadResponse, err, "The canister's http_request_update answer does not decode as an HttpResponse.")
		}
		f.upgraded = true
	}
	if int64(len(f.resp.Body)) > g.opts.MaxResponseBody {
		return nil, newCause(CodeResponseTooLarge, nil, "The answer is larger than %d bytes.", g.opts.MaxResponseBody)
	}
	if f.resp.Stream != nil {
		if c := g.stream(ctx, canister, f); c != nil {
			return nil, c
		}
	}
	return f, nil
}

// stream follows the streaming callbacks to the end and appends their
// chunks to the body, within the chunk, size and time limits.
func (g *gateway) stream(ctx context.Context, canister principal.Principal, f *fetched) *Cause {
	cb := f.resp.Stream
	if !bytes.Equal(cb.Canister, canister.Bytes()) {
		return newCause(CodeBadResponse, nil, "The streaming callback belongs to another canister.")
	}
	method := cb.Method
	ctx, cancel := context.WithTimeout(ctx, g.opts.MaxStreamTime)
	defer cancel()
	body := f.resp.Body
	for tok := cb; tok != nil; f.chunks++ {
		if f.chunks >= g.opts.MaxStreamChunks {
			return newCause(CodeResponseTooLarge, nil, "The answer streams more than %d chunks.", g.opts.MaxStreamChunks)
		}
		arg, err := encodeToken(tok)
		if err != nil {
			return newCause(CodeBadResponse, err, "The streaming token cannot be encoded with its own type.")
		}
		reply, err := g.agent.Query(ctx, canister, method, arg)
		if err != nil {
			return upstreamCause(ctx, err)
		}
		chunk, next, err := decodeCallbackResponse(reply)
		if err != nil {
			return newCause(CodeBadResponse, err, "A streaming callback's answer does not decode.")
		}
		if int64(len(body))+int64(len(chunk)) > g.opts.MaxResponseBody {
			return newCause(CodeResponseTooLarge, nil, "The streamed answer is larger than %d bytes.", g.opts.MaxResponseBody)
		}
		body = append(body, chunk...)
		tok = next
	}
	f.resp.Body = body
	return nil
}

// upstreamCause classifies an error of the agent.
func upstreamCause(ctx context.Context, err error) *Cause {
	var rej *agent.RejectError
	var he *agent.HTTPError
	switch {
	case errors.As(err, &rej):
		return rejectCause(rej, err)
	case errors.As(err, &he):
		switch {
		case he.Status == http.StatusTooManyRequests || he.Status >= 500:
			return newCause(CodeUpstreamUnavailable, err, "The replicas answered %d.", he.Status)
		case he.Status == http.StatusRequestEntityTooLarge:
			return newCause(CodeRequestTooLarge, err, "The replica refused the request as too large.")
		}
		return newCause(CodeBadResponse, err, "The replica refused the request with status %d.", he.Status)
	case errors.Is(err, context.Canceled) && ctx.Err() != nil && !errors.Is(context.Cause(ctx), context.DeadlineExceeded):
		return newCause(CodeClientClosed, err, "The client went away.")
	case errors.Is(err, context.DeadlineExceeded):
		return newCause(CodeUpstreamTimeout, err, "No answer within the time limit.")
	case errors.Is(err, agent.ErrQuerySignature), errors.Is(err, agent.ErrCertificate), errors.Is(err, agent.ErrNotInSubnet):
		return newCause(CodeVerificationFailed, err, "The replica's answer failed the agent's checks: %v", err)
	case errors.Is(err, agent.ErrMalformed):
		return newCause(CodeBadResponse, err, "The replica's answer is malformed.")
	case errors.Is(err, agent.ErrExpired), errors.Is(err, agent.ErrDone):
		return newCause(CodeUpstreamTimeout, err, "The update call did not complete in time.")
	case errors.Is(err, routing.ErrUnknownCanister):
		// No subnet's canister ranges hold the id: the canister does not
		// exist on this network, whatever the health of the replicas.
		return newCause(CodeCanisterNotFound, err, "No subnet of this network hosts this canister id.")
	}
	return newCause(CodeUpstreamUnavailable, err, "No replica could be reached.")
}

// rejectCause maps a reject of the canister or the replica.
func rejectCause(rej *agent.RejectError, err error) *Cause {
	switch rej.ErrorCode {
	case "IC0301":
		return newCause(CodeCanisterNotFound, err, "No canister with this id exists on the network.")
	case "IC0508", "IC0509":
		return newCause(CodeCanisterStopped, err, "The canister is stopped; its controllers must start it again.")
	case "IC0537":
		return newCause(CodeCanisterEmpty, err, "The canister exists but has no code installed.")
	case "IC0536":
		return newCause(CodeCanisterReject, err, "The canister does not serve HTTP: it has no http_request method.")
	}
	if rej.Code == 2 { // SYS_TRANSIENT: overloaded, state not yet certified
		return newCause(CodeUpstreamUnavailable, err, "The subnet is temporarily unable to answer (%s).", rej.ErrorCode)
	}
	return newCause(CodeCanisterReject, err, "The canister rejected the request (%s): %s", agent.RejectCodeName(rej.Code), rej.Message)
}
