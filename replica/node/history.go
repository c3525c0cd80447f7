package node

import (
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Request statuses of the state tree (https-interface.md § Request status).
const (
	statusReplied  = "replied"
	statusRejected = "rejected"
)

// statusRetention is how long a terminal request status stays in the state
// tree after the message executed: the spec asks for at least the
// message's expiry; agents poll for up to five minutes.
const statusRetention = 5 * 60 * 1e9 // ns

// outcome is how an ingress message ended.
type outcome struct {
	reply  []byte
	reject *rejection // nil when replied
}

// rejection is a reject with its code, message and IC error code.
type rejection struct {
	code      int
	message   string
	errorCode string
}

// request is one entry of the ingress history.
type request struct {
	sender, effective principal.Principal
	outcome
	purgeAt uint64
}

// history is the ingress history: terminal statuses of executed messages,
// certified under /request_status and dropped after their retention. It
// is replicated state, changed only by batch execution.
type history struct {
	byID  map[envelope.RequestID]*request
	order []envelope.RequestID // execution order = purge order
	tree  hashtree.Map         // /request_status/<rid>/...
}

func newHistory() *history {
	return &history{byID: make(map[envelope.RequestID]*request)}
}

// record stores the outcome of message m executed at time now.
func (h *history) record(m *message, o outcome, now uint64) {
	purge := max(m.Expiry, now) + statusRetention
	h.byID[m.ID] = &request{sender: m.Sender, effective: m.Effective, outcome: o, purgeAt: purge}
	h.order = append(h.order, m.ID)
	h.tree = h.tree.Set(m.ID[:], statusTree(o))
}

// purge drops statuses whose retention ended before now.
func (h *history) purge(now uint64) {
	n := 0
	for _, id := range h.order {
		r := h.byID[id]
		if r.purgeAt > now {
			break
		}
		delete(h.byID, id)
		h.tree = h.tree.Delete(id[:])
		n++
	}
	h.order = h.order[n:]
}

// statusTree is the subtree /request_status/<rid>.
func statusTree(o outcome) hashtree.Tree {
	var b hashtree.Builder
	put := func(label string, v []byte) {
		if err := b.Insert([][]byte{[]byte(label)}, v); err != nil {
			panic(err) // distinct constant labels
		}
	}
	if o.reject == nil {
		put("status", []byte(statusReplied))
		put("reply", o.reply)
	} else {
		put("status", []byte(statusRejected))
		put("reject_code", leb128.AppendUnsigned(nil, uint64(o.reject.code)))
		put("reject_message", []byte(o.reject.message))
		if o.reject.errorCode != "" {
			put("error_code", []byte(o.reject.errorCode))
		}
	}
	return b.Build().Tree()
}

// restore puts back an entry read from a checkpoint, in execution order.
func (h *history) restore(id envelope.RequestID, r *request) {
	h.byID[id] = r
	h.order = append(h.order, id)
	h.tree = h.tree.Set(id[:], statusTree(r.outcome))
}
