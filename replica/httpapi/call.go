package httpapi

import (
	"context"
	"errors"
	"math"
	"net/http"
	"time"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/replica/api/envelope"
)

// serveCallAsync handles POST /api/v2/canister/<ecid>/call: 202 with an
// empty body once the call is in the ingress pool, 200 with a CBOR reject
// for a non-replicated rejection (PROTOCOL.md §1.5, interface spec 0.19).
func (h *handler) serveCallAsync(w http.ResponseWriter, r *http.Request, rt route) {
	q, e := h.acceptCall(w, r, rt)
	if e != nil {
		writeError(w, e)
		return
	}
	reject, e := h.submit(r.Context(), rt, q)
	switch {
	case e != nil:
		writeError(w, e)
	case reject != nil:
		b := newCBOR(64 + len(reject.Message))
		b = cbor.AppendMap(b, rejectPairs(reject))
		b = appendReject(b, reject)
		writeCBOR(w, http.StatusOK, b)
	default:
		w.Header()["Content-Length"] = []string{"0"}
		w.WriteHeader(http.StatusAccepted)
	}
}

// acceptCall authenticates a call and checks its effective id.
func (h *handler) acceptCall(w http.ResponseWriter, r *http.Request, rt route) (*request, *apiError) {
	q, e := h.accept(w, r, rt, envelope.Call)
	if e != nil {
		return nil, e
	}
	if rt.subnet {
		e = checkEffectiveSubnet(q.content())
	} else {
		e = checkEffectiveCanister(q.content(), rt.id)
	}
	if e == nil {
		e = h.checkHosted(rt)
	}
	return q, e
}

// submit hands the call to the ingress pool. It returns the backend's
// non-replicated rejection, or an error response: 429 when the pool is
// full, 503 without certified state, 500 otherwise.
func (h *handler) submit(ctx context.Context, rt route, q *request) (*Reject, *apiError) {
	c := q.content()
	err := h.b.Submit(ctx, Ingress{
		ID:        q.res.RequestID,
		Sender:    q.res.Sender,
		Canister:  c.CanisterID,
		Effective: rt.id,
		Method:    c.MethodName,
		Arg:       c.Arg,
		Expiry:    expiryTime(c.IngressExpiry),
		Content:   c,
	})
	var reject *Reject
	switch {
	case err == nil:
		return nil, nil
	case errors.As(err, &reject):
		return reject, nil
	case errors.Is(err, ErrPoolFull):
		// The replica sheds load with 429 "The service is overloaded."
		// (common.rs) and answers a full pool with this text (call.rs).
		return nil, errorf(http.StatusTooManyRequests, "Service is overloaded, try again later.")
	default:
		return nil, h.serverError("submit", err)
	}
}

// serverError maps a backend failure that is not the client's fault.
func (h *handler) serverError(what string, err error) *apiError {
	if errors.Is(err, ErrUnavailable) {
		return errorf(http.StatusServiceUnavailable, "Certified state unavailable. Please try again.")
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return errorf(http.StatusServiceUnavailable, "The request was cancelled.")
	}
	h.opts.Logger.Error("backend failed", "op", what, "err", err)
	return errorf(http.StatusInternalServerError, "Unexpected error: %v", err)
}

// expiryTime converts ingress_expiry (ns since the epoch) to a time.
func expiryTime(ns uint64) time.Time {
	if ns > math.MaxInt64 {
		ns = math.MaxInt64
	}
	return time.Unix(0, int64(ns))
}
