package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/replica/api/envelope"
)

// serveReadState handles POST /api/v2|v3/canister/<ecid>/read_state and
// /api/v2|v3/subnet/<esid>/read_state: check that the sender may read every
// requested path (PROTOCOL.md §1.8, readstate_paths.go), then answer 200
// {certificate} with a certificate of the latest certified state revealing
// the paths and /time.
func (h *handler) serveReadState(w http.ResponseWriter, r *http.Request, rt route) {
	q, e := h.accept(w, r, rt, envelope.ReadState)
	if e == nil {
		e = h.checkHosted(rt)
	}
	if e == nil {
		e = h.checkPaths(rt, q)
	}
	if e != nil {
		writeError(w, e)
		return
	}
	cert, err := h.b.ReadState(r.Context(), q.content().Paths)
	if err != nil {
		writeError(w, h.readStateError(err))
		return
	}
	b := newCBOR(24 + len(cert))
	b = cbor.AppendMap(b, 1)
	b = cbor.AppendText(b, "certificate")
	b = cbor.AppendBytes(b, cert)
	writeCBOR(w, http.StatusOK, b)
}

// readStateError maps a ReadState failure: no certified state is 503 with
// the replica's text (read_state.rs), anything else is a path the state
// tree cannot serve (400).
func (h *handler) readStateError(err error) *apiError {
	switch {
	case errors.Is(err, ErrUnavailable):
		return errorf(http.StatusServiceUnavailable, "Certified state is not available yet. Please try again...")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return h.serverError("read_state", err)
	default:
		return errorf(http.StatusBadRequest, "Failed to parse requested paths: %v", err)
	}
}
