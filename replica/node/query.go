package node

import (
	"context"

	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
	"github.com/threshold-ic/threshold/replica/httpapi"
)

// Query implements httpapi.Backend: it runs a query call against the
// committed state of the canister; its changes are discarded. A canister
// that asks for a data certificate gets one for the latest certified
// state, revealing its certified data and /time.
func (n *Node) Query(ctx context.Context, q httpapi.QueryCall) (httpapi.QueryResult, error) {
	cs := n.certified.Load()
	if cs == nil {
		return httpapi.QueryResult{}, httpapi.ErrUnavailable
	}
	if q.Canister == principal.Management {
		return rejectResult(&exec.Reject{Code: exec.DestinationInvalid, ErrorCode: exec.CanisterMethodNotFound,
			Message: "Query method " + q.Method + " of the management canister is not supported; call it as an update"}), nil
	}
	n.mu.RLock()
	rej := n.exec.table.CheckIngress(q.Canister, q.Method)
	info, _ := n.exec.table.Get(q.Canister)
	n.mu.RUnlock()
	if rej != nil {
		return rejectResult(rej), nil
	}
	cert := n.dataCertificate(cs, q.Canister)
	res, err := info.Canister.Query(ctx, exec.Message{
		Method: q.Method, Arg: q.Arg, Caller: q.Sender.Bytes(), Time: cs.time, DataCertificate: cert,
		Balance: cyclesOf(info),
	})
	switch {
	case err != nil:
		return rejectResult(&exec.Reject{Code: exec.SysTransient, ErrorCode: exec.CanisterWasmEngineError, Message: err.Error()}), nil
	case res.Outcome == exec.Replied:
		return httpapi.QueryResult{Reply: res.Reply}, nil
	case res.Reject != nil:
		r := canisterReject(q.Canister, res.Reject)
		return httpapi.QueryResult{Reject: &httpapi.Reject{Code: r.code, Message: r.message, ErrorCode: r.errorCode}}, nil
	}
	return rejectResult(&exec.Reject{Code: exec.CanisterError, ErrorCode: exec.CanisterDidNotReply,
		Message: "Canister " + q.Canister.String() + " did not reply to the query"}), nil
}

func rejectResult(r *exec.Reject) httpapi.QueryResult {
	return httpapi.QueryResult{Reject: &httpapi.Reject{Code: int(r.Code), Message: r.Message, ErrorCode: r.ErrorCode.String()}}
}

// dataCertificate is the certificate a canister's queries read through
// ic0.data_certificate_copy: its certified data and /time in cs, made once
// per certified state and canister.
func (n *Node) dataCertificate(cs *certifiedState, id principal.Principal) []byte {
	if c, ok := cs.dataCerts.Load(id); ok {
		return c.([]byte)
	}
	c := n.certificate(cs, [][][]byte{{labelCanister, id.Bytes(), []byte("certified_data")}, {labelTime}})
	cs.dataCerts.Store(id, c)
	return c
}
