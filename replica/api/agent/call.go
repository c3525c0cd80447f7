package agent

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// CallOptions are the optional inputs of Call.
type CallOptions struct {
	// EffectiveCanisterID is the <ecid> of the URL. The zero value means
	// the called canister itself, which is right for every canister but
	// the management canister; management helpers set it from their
	// argument.
	EffectiveCanisterID principal.Principal
}

// callResponse is the 200 body of a synchronous call.
type callResponse struct {
	status      string // "replied" or "non_replicated_rejection"
	certificate []byte
	reject      *RejectError
}

// Call makes an update call and returns the Candid reply. It uses the
// synchronous /api/v4 endpoint, polls read_state when the replica answers
// 202, and falls back to /api/v2 plus polling when v4 is not found. A
// rejected call gives a *RejectError, a refused HTTP request an *HTTPError.
func (a *Agent) Call(ctx context.Context, canister principal.Principal, method string, arg []byte, opts CallOptions) ([]byte, error) {
	ecid := opts.EffectiveCanisterID
	if ecid.IsManagement() {
		ecid = canister
	}
	req, err := a.signCall(canister, method, arg)
	if err != nil {
		return nil, err
	}
	reply, err := a.call(ctx, ecid, req)
	if err != nil {
		return nil, fmt.Errorf("agent: call %s.%s: %w", canister, method, err)
	}
	return reply, nil
}

// call sends a signed call and waits for its result.
func (a *Agent) call(ctx context.Context, ecid principal.Principal, req *signed) ([]byte, error) {
	path := "/api/v4/canister/" + ecid.String() + "/call"
	code, body, err := a.do(ctx, http.MethodPost, path, req.body)
	if err != nil {
		return nil, err
	}
	switch {
	case code == http.StatusOK:
		resp, err := parseCallResponse(body)
		if err != nil {
			return nil, malformed("call response", err)
		}
		if resp.reject != nil {
			return nil, resp.reject
		}
		cert, _, err := a.verifyCertificate(ctx, resp.certificate, ecid)
		if err != nil {
			return nil, err
		}
		st, err := lookupRequestStatus(cert.Tree, req.id)
		if err != nil {
			return nil, err
		}
		if st.terminal() {
			return st.result()
		}
	case code == http.StatusAccepted:
	case code == http.StatusNotFound:
		if err := a.callV2(ctx, ecid, req); err != nil {
			return nil, err
		}
	default:
		return nil, a.httpError(path, code, body)
	}
	return a.poll(ctx, ecid, req)
}

// callV2 submits a call to the asynchronous v2 endpoint. A 200 answer is a
// non-replicated rejection.
func (a *Agent) callV2(ctx context.Context, ecid principal.Principal, req *signed) error {
	path := "/api/v2/canister/" + ecid.String() + "/call"
	code, body, err := a.do(ctx, http.MethodPost, path, req.body)
	if err != nil {
		return err
	}
	switch code {
	case http.StatusAccepted:
		return nil
	case http.StatusOK:
		resp, err := parseCallResponse(body)
		if err != nil {
			return malformed("v2 call response", err)
		}
		if resp.reject == nil {
			return malformed("v2 call response", errors.New("200 without a rejection"))
		}
		return resp.reject
	}
	return a.httpError(path, code, body)
}

// parseCallResponse decodes the 200 body of a call: {status: "replied",
// certificate} or a rejection {status?, reject_code, reject_message,
// error_code?} (v2 sends the rejection without status).
func parseCallResponse(b []byte) (*callResponse, error) {
	r := cbor.NewReader(b)
	r.SkipSelfDescribe()
	var resp callResponse
	var rj RejectError
	var hasCode, hasMsg bool
	err := r.Fields(func(key string) error {
		var err error
		switch key {
		case "status":
			resp.status, err = r.Text()
		case "certificate":
			resp.certificate, err = r.Bytes()
		case "reject_code":
			rj.Code, err = r.Uint()
			hasCode = true
		case "reject_message":
			rj.Message, err = r.Text()
			hasMsg = true
		case "error_code":
			rj.ErrorCode, err = r.Text()
		default:
			err = r.Skip()
		}
		if err != nil {
			return fmt.Errorf("field %s: %w", key, err)
		}
		return nil
	})
	if err == nil {
		err = r.End()
	}
	if err != nil {
		return nil, err
	}
	switch {
	case hasCode && hasMsg && (resp.status == "" || resp.status == "non_replicated_rejection"):
		resp.reject = &rj
	case resp.status == "replied" && resp.certificate != nil:
	default:
		return nil, fmt.Errorf("unexpected call response (status %q)", resp.status)
	}
	return &resp, nil
}
