package httpapi

import (
	"errors"
	"net/http"

	"github.com/threshold-ic/threshold/replica/api/envelope"
)

// request is an authenticated request, ready for an endpoint's own checks.
type request struct {
	env *envelope.Envelope
	res envelope.Result
}

// content is the request's content.
func (q *request) content() *envelope.Content { return &q.env.Content }

// accept runs the checks every POST endpoint shares, in order: the node is
// healthy (503), the body is CBOR (400), within the size and time limits
// (413, 408), a well-formed envelope (400), of the endpoint's request type
// (400), within its ingress expiry window (400) and authentic (403)
// (PROTOCOL.md §1.2–§1.4). The statuses and texts of the last four come
// from package envelope.
func (h *handler) accept(w http.ResponseWriter, r *http.Request, rt route, typ envelope.RequestType) (*request, *apiError) {
	if e := h.checkHealthy(); e != nil {
		return nil, unread(w, r, e)
	}
	if e := checkContentType(r); e != nil {
		return nil, unread(w, r, e)
	}
	body, e := h.readBody(w, r)
	if e != nil {
		return nil, e
	}
	env, err := envelope.Decode(body)
	if err != nil {
		return nil, envelopeError(err)
	}
	res, err := envelope.Verify(env, envelope.Options{
		Now:                 h.b.Now(),
		Endpoint:            typ,
		EffectiveCanisterID: rt.id,
		Cache:               h.keys,
	})
	if err != nil {
		return nil, envelopeError(err)
	}
	return &request{env: env, res: res}, nil
}

// envelopeError turns an error of package envelope into a response.
func envelopeError(err error) *apiError {
	var ee *envelope.Error
	if errors.As(err, &ee) {
		return &apiError{status: ee.Status, msg: ee.Message}
	}
	return errorf(http.StatusBadRequest, "Malformed request: %v", err)
}

// checkHosted requires the effective canister id to lie in the subnet's
// canister ranges (PROTOCOL.md §1.7). The DFINITY replica leaves this to
// the boundary nodes, which answer 400 for a canister they cannot route;
// a node reached directly answers the same way, naming the IC error
// CanisterNotHostedBySubnet (IC0405).
func (h *handler) checkHosted(rt route) *apiError {
	if rt.subnet {
		if sid := h.b.SubnetID(); rt.id != sid {
			return errorf(http.StatusBadRequest,
				"Effective subnet id %s in URL is not this node's subnet %s.", rt.id, sid)
		}
		return nil
	}
	if !h.b.HostsCanister(rt.id) {
		return errorf(http.StatusBadRequest,
			"Canister %s is not hosted by subnet %s (IC0405 CanisterNotHostedBySubnet).", rt.id, h.b.SubnetID())
	}
	return nil
}
