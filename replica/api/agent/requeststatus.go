package agent

import (
	"context"
	"errors"
	"fmt"

	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Request statuses of /request_status/<rid>/status. The empty status means
// the certificate proves nothing about the request yet.
const (
	StatusUnknown    = ""
	StatusReceived   = "received"
	StatusProcessing = "processing"
	StatusReplied    = "replied"
	StatusRejected   = "rejected"
	StatusDone       = "done"
)

// RequestStatus is what the state tree says about one request.
type RequestStatus struct {
	Status string       // one of the Status constants
	Reply  []byte       // the Candid reply, when Status is StatusReplied
	Reject *RejectError // the reject, when Status is StatusRejected
}

// terminal reports whether polling can stop.
func (s *RequestStatus) terminal() bool {
	switch s.Status {
	case StatusReplied, StatusRejected, StatusDone:
		return true
	}
	return false
}

// result turns a terminal status into the call's result.
func (s *RequestStatus) result() ([]byte, error) {
	switch s.Status {
	case StatusReplied:
		return s.Reply, nil
	case StatusRejected:
		return nil, s.Reject
	case StatusDone:
		return nil, ErrDone
	}
	return nil, fmt.Errorf("agent: request status %q is not terminal", s.Status)
}

// RequestStatus reads the status of request rid through read_state at
// ecid. The identity must be the request's sender.
func (a *Agent) RequestStatus(ctx context.Context, ecid principal.Principal, rid envelope.RequestID) (*RequestStatus, error) {
	cert, err := a.ReadState(ctx, ecid, Path{[]byte("request_status"), rid[:]})
	if err != nil {
		return nil, fmt.Errorf("agent: request status %s: %w", rid, err)
	}
	st, err := lookupRequestStatus(cert.Tree, rid)
	if err != nil {
		return nil, fmt.Errorf("agent: request status %s: %w", rid, err)
	}
	return st, nil
}

// lookupRequestStatus reads /request_status/<rid>/… from a verified tree.
func lookupRequestStatus(t hashtree.Tree, rid envelope.RequestID) (*RequestStatus, error) {
	look := func(field string) ([]byte, hashtree.Result) {
		return t.Lookup([]byte("request_status"), rid[:], []byte(field))
	}
	v, res := look("status")
	switch res {
	case hashtree.Absent, hashtree.Unknown:
		return &RequestStatus{}, nil
	case hashtree.Error:
		return nil, malformed("request status", errors.New("status is not a leaf"))
	}
	st := &RequestStatus{Status: string(v)}
	switch st.Status {
	case StatusReceived, StatusProcessing, StatusDone:
	case StatusReplied:
		reply, res := look("reply")
		if res != hashtree.Found {
			return nil, malformed("request status", fmt.Errorf("replied without a reply (%s)", res))
		}
		st.Reply = append([]byte{}, reply...)
	case StatusRejected:
		rj, err := lookupReject(look)
		if err != nil {
			return nil, err
		}
		st.Reject = rj
	default:
		return nil, malformed("request status", fmt.Errorf("unknown status %q", st.Status))
	}
	return st, nil
}

// lookupReject reads reject_code, reject_message and error_code.
func lookupReject(look func(string) ([]byte, hashtree.Result)) (*RejectError, error) {
	code, res := look("reject_code")
	if res != hashtree.Found {
		return nil, malformed("request status", fmt.Errorf("rejected without a reject_code (%s)", res))
	}
	n, used, err := leb128.Unsigned(code)
	if err != nil || used != len(code) {
		return nil, malformed("request status", fmt.Errorf("reject_code %x is not a nat", code))
	}
	msg, res := look("reject_message")
	if res != hashtree.Found {
		return nil, malformed("request status", fmt.Errorf("rejected without a reject_message (%s)", res))
	}
	rj := &RejectError{Code: n, Message: string(msg)}
	if ec, res := look("error_code"); res == hashtree.Found {
		rj.ErrorCode = string(ec)
	}
	return rj, nil
}
