package agent

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// nodeSignature is one entry of a query answer's signatures.
type nodeSignature struct {
	timestamp uint64
	signature []byte
	identity  []byte
}

// queryResponse is a decoded query answer (PROTOCOL.md §1.5).
type queryResponse struct {
	status     string // "replied" or "rejected"
	reply      []byte
	reject     RejectError
	hasErrCode bool // error_code was sent, so it is signed
	signatures []nodeSignature
}

// Query makes a query call to canister and returns the Candid reply,
// after verifying the node signatures unless the agent skips them. A
// rejected query gives a *RejectError.
func (a *Agent) Query(ctx context.Context, canister principal.Principal, method string, arg []byte) ([]byte, error) {
	reply, err := a.query(ctx, canister, canister, method, arg)
	if err != nil {
		return nil, fmt.Errorf("agent: query %s.%s: %w", canister, method, err)
	}
	return reply, nil
}

// query sends a query to canister through the ecid endpoint.
func (a *Agent) query(ctx context.Context, canister, ecid principal.Principal, method string, arg []byte) ([]byte, error) {
	req, err := a.signQuery(canister, method, arg)
	if err != nil {
		return nil, err
	}
	path := "/api/v3/canister/" + ecid.String() + "/query"
	code, body, err := a.do(ctx, http.MethodPost, path, req.body)
	if err != nil {
		return nil, err
	}
	if code != http.StatusOK {
		return nil, a.httpError(path, code, body)
	}
	resp, err := parseQueryResponse(body)
	if err != nil {
		return nil, malformed("query response", err)
	}
	if a.verify {
		if err := a.verifyQuery(ctx, ecid, req, resp); err != nil {
			return nil, err
		}
	}
	if resp.status == StatusRejected {
		rj := resp.reject
		return nil, &rj
	}
	return resp.reply, nil
}

// parseQueryResponse decodes a query answer.
func parseQueryResponse(b []byte) (*queryResponse, error) {
	r := cbor.NewReader(b)
	r.SkipSelfDescribe()
	var q queryResponse
	var hasReply, hasCode, hasMsg bool
	err := r.Fields(func(key string) error {
		var err error
		switch key {
		case "status":
			q.status, err = r.Text()
		case "reply":
			q.reply, err = parseReply(r)
			hasReply = true
		case "reject_code":
			q.reject.Code, err = r.Uint()
			hasCode = true
		case "reject_message":
			q.reject.Message, err = r.Text()
			hasMsg = true
		case "error_code":
			q.reject.ErrorCode, err = r.Text()
			q.hasErrCode = true
		case "signatures":
			q.signatures, err = parseSignatures(r)
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
	case q.status == StatusReplied && hasReply:
	case q.status == StatusRejected && hasCode && hasMsg:
	default:
		return nil, fmt.Errorf("incomplete answer with status %q", q.status)
	}
	return &q, nil
}

// parseReply reads {arg: bytes}.
func parseReply(r *cbor.Reader) ([]byte, error) {
	var arg []byte
	err := r.Fields(func(key string) error {
		if key != "arg" {
			return r.Skip()
		}
		var err error
		arg, err = r.Bytes()
		return err
	})
	if err == nil && arg == nil {
		err = errors.New("reply without arg")
	}
	return arg, err
}

// parseSignatures reads [* {timestamp, signature, identity}].
func parseSignatures(r *cbor.Reader) ([]nodeSignature, error) {
	n, err := r.ArrayLen()
	if err != nil {
		return nil, err
	}
	sigs := make([]nodeSignature, n)
	for i := range sigs {
		s := &sigs[i]
		err := r.Fields(func(key string) error {
			var err error
			switch key {
			case "timestamp":
				s.timestamp, err = r.Uint()
			case "signature":
				s.signature, err = r.Bytes()
			case "identity":
				s.identity, err = r.Bytes()
			default:
				err = r.Skip()
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("signature %d: %w", i, err)
		}
	}
	return sigs, nil
}
