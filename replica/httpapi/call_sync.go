package httpapi

import (
	"context"
	"net/http"

	"github.com/threshold-ic/threshold/certify/cbor"
)

// Texts of the 202 answers of a synchronous call, as the replica sends them
// (call/call_sync.rs).
const (
	syncTimeoutText     = "Message did not complete execution and certification within the replica defined timeout."
	syncUnavailableText = "Certified state is not available. Please try /read_state."
)

// serveCallSync handles POST /api/v3|v4/canister/<ecid>/call and
// /api/v4/subnet/<esid>/call (PROTOCOL.md §1.5): submit, wait up to
// SyncCallTimeout for a terminal certified status, then answer
//
//   - 200 {certificate, status: "replied"} with a certificate revealing
//     /request_status/<rid> and /time, whether the call replied or was
//     rejected in execution;
//   - 200 {status: "non_replicated_rejection", reject_code, reject_message,
//     error_code} when the call never entered the pool;
//   - 202 with a short text when the wait times out (the client polls).
func (h *handler) serveCallSync(w http.ResponseWriter, r *http.Request, rt route) {
	q, e := h.acceptCall(w, r, rt)
	if e != nil {
		writeError(w, e)
		return
	}
	reject, e := h.submit(r.Context(), rt, q)
	if e != nil {
		writeError(w, e)
		return
	}
	if reject != nil {
		b := newCBOR(96 + len(reject.Message))
		b = cbor.AppendMap(b, 1+rejectPairs(reject))
		b = cbor.AppendText(b, "status")
		b = cbor.AppendText(b, "non_replicated_rejection")
		b = appendReject(b, reject)
		writeCBOR(w, http.StatusOK, b)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.opts.SyncCallTimeout)
	done := h.b.Await(ctx, q.res.RequestID)
	cancel()
	if !done {
		writeText(w, http.StatusAccepted, syncTimeoutText)
		return
	}
	rid := q.res.RequestID
	cert, err := h.b.ReadState(r.Context(), [][][]byte{{[]byte("request_status"), rid[:]}})
	if err != nil {
		writeText(w, http.StatusAccepted, syncUnavailableText)
		return
	}
	b := newCBOR(48 + len(cert))
	b = cbor.AppendMap(b, 2)
	b = cbor.AppendText(b, "certificate")
	b = cbor.AppendBytes(b, cert)
	b = cbor.AppendText(b, "status")
	b = cbor.AppendText(b, "replied")
	writeCBOR(w, http.StatusOK, b)
}
