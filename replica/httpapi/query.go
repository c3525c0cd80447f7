package httpapi

import (
	"errors"
	"net/http"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/rih"
	"github.com/threshold-ic/threshold/replica/api/envelope"
)

// serveQuery handles POST /api/v2|v3/canister/<ecid>/query and
// /api/v3/subnet/<esid>/query: run the query on the latest certified state
// and answer 200 with the reply or the reject, signed by the node
// (PROTOCOL.md §1.5, §5).
func (h *handler) serveQuery(w http.ResponseWriter, r *http.Request, rt route) {
	q, e := h.accept(w, r, rt, envelope.Query)
	if e == nil {
		if rt.subnet {
			e = checkEffectiveSubnet(q.content())
		} else {
			e = checkEffectiveCanister(q.content(), rt.id)
		}
	}
	if e == nil {
		e = h.checkHosted(rt)
	}
	if e != nil {
		writeError(w, e)
		return
	}
	c := q.content()
	res, err := h.b.Query(r.Context(), QueryCall{
		ID:        q.res.RequestID,
		Sender:    q.res.Sender,
		Canister:  c.CanisterID,
		Effective: rt.id,
		Method:    c.MethodName,
		Arg:       c.Arg,
	})
	if err != nil {
		var reject *Reject
		if !errors.As(err, &reject) {
			writeError(w, h.serverError("query", err))
			return
		}
		res = QueryResult{Reject: reject}
	}
	writeCBOR(w, http.StatusOK, h.signedQueryResponse(q.res.RequestID, res))
}

// signedQueryResponse encodes the query response with one node signature
// over "\x0Bic-response" · hash_of_map(M), where M holds exactly the fields
// sent (status, reply or reject_code, reject_message and error_code when
// set) plus timestamp and request_id (PROTOCOL.md §5).
func (h *handler) signedQueryResponse(rid envelope.RequestID, res QueryResult) []byte {
	ts := uint64(max(h.b.Now().UnixNano(), 0))
	hash := queryResponseHash(rid, res, ts)
	msg := make([]byte, 0, len(rih.SepResponse)+len(hash))
	msg = append(append(msg, rih.SepResponse...), hash[:]...)
	sig := h.b.SignResponse(msg)
	node := h.b.NodeID()

	b := newCBOR(160 + len(res.Reply))
	if rj := res.Reject; rj != nil {
		b = cbor.AppendMap(b, 2+rejectPairs(rj))
		b = cbor.AppendText(b, "status")
		b = cbor.AppendText(b, "rejected")
		b = appendReject(b, rj)
	} else {
		b = cbor.AppendMap(b, 3)
		b = cbor.AppendText(b, "status")
		b = cbor.AppendText(b, "replied")
		b = cbor.AppendText(b, "reply")
		b = cbor.AppendMap(b, 1)
		b = cbor.AppendText(b, "arg")
		b = cbor.AppendBytes(b, res.Reply)
	}
	b = cbor.AppendText(b, "signatures")
	b = cbor.AppendArray(b, 1)
	b = cbor.AppendMap(b, 3)
	b = cbor.AppendText(b, "timestamp")
	b = cbor.AppendUint(b, ts)
	b = cbor.AppendText(b, "signature")
	b = cbor.AppendBytes(b, sig)
	b = cbor.AppendText(b, "identity")
	b = node.AppendBytes(cbor.AppendHead(b, cbor.MajorBytes, uint64(node.Len())))
	return b
}

// queryResponseHash is hash_of_map of the signed query response fields.
func queryResponseHash(rid envelope.RequestID, res QueryResult, ts uint64) rih.Hash {
	fields := make([]rih.Field, 0, 6)
	if rj := res.Reject; rj != nil {
		fields = append(fields,
			rih.Field{Key: "status", Value: rih.Text("rejected")},
			rih.Field{Key: "reject_code", Value: rih.Nat(rejectCode(rj))},
			rih.Field{Key: "reject_message", Value: rih.Text(validText(rj.Message))})
		if rj.ErrorCode != "" {
			fields = append(fields, rih.Field{Key: "error_code", Value: rih.Text(validText(rj.ErrorCode))})
		}
	} else {
		reply := rih.Map([]rih.Field{{Key: "arg", Value: rih.Blob(res.Reply)}})
		fields = append(fields,
			rih.Field{Key: "status", Value: rih.Text("replied")},
			rih.Field{Key: "reply", Value: reply})
	}
	fields = append(fields,
		rih.Field{Key: "timestamp", Value: rih.Nat(ts)},
		rih.Field{Key: "request_id", Value: rih.Blob(rid[:])})
	return rih.Map(fields)
}
