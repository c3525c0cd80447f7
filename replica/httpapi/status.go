package httpapi

import (
	"net/http"

	"github.com/threshold-ic/threshold/certify/cbor"
)

// serveStatus answers GET /api/v2/status with the replica's
// HttpStatusResponse (PROTOCOL.md §1.6): a self-describing CBOR map of
// impl_hash (when configured), root_key, impl_version,
// replica_health_status and certified_height, in the replica's field order.
// It is served whatever the node's health: clients poll it to learn that.
func (h *handler) serveStatus(w http.ResponseWriter, r *http.Request) {
	status, height := h.b.Health()
	if status == "" {
		status = "starting"
	}
	rootKey := h.b.RootKey()
	n := 4
	if h.opts.ImplHash != "" {
		n++
	}
	b := newCBOR(64 + len(rootKey))
	b = cbor.AppendMap(b, n)
	if h.opts.ImplHash != "" {
		b = cbor.AppendText(b, "impl_hash")
		b = cbor.AppendText(b, validText(h.opts.ImplHash))
	}
	b = cbor.AppendText(b, "root_key")
	b = cbor.AppendBytes(b, rootKey)
	b = cbor.AppendText(b, "impl_version")
	b = cbor.AppendText(b, validText(h.opts.ImplVersion))
	b = cbor.AppendText(b, "replica_health_status")
	b = cbor.AppendText(b, validText(status))
	b = cbor.AppendText(b, "certified_height")
	b = cbor.AppendUint(b, height)
	if r.Method == http.MethodHead {
		b = b[:0]
	}
	writeCBOR(w, http.StatusOK, b)
}
