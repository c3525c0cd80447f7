package agent

import (
	"testing"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/replica/api/envelope"
)

// seeds are well-formed bodies of each response kind.
func seeds() [][]byte {
	tag := cbor.AppendSelfDescribe(nil)
	status := cbor.AppendMap(tag, 2)
	status = cbor.AppendBytes(cbor.AppendText(status, "root_key"), []byte{1, 2})
	status = cbor.AppendText(cbor.AppendText(status, "replica_health_status"), "healthy")
	call := cbor.AppendMap(tag, 2)
	call = cbor.AppendText(cbor.AppendText(call, "status"), "replied")
	call = cbor.AppendBytes(cbor.AppendText(call, "certificate"), []byte{0xd9, 0xd9, 0xf7, 0xa0})
	rej := cbor.AppendMap(tag, 4)
	rej = cbor.AppendText(cbor.AppendText(rej, "status"), "non_replicated_rejection")
	rej = cbor.AppendUint(cbor.AppendText(rej, "reject_code"), 3)
	rej = cbor.AppendText(cbor.AppendText(rej, "reject_message"), "no")
	rej = cbor.AppendText(cbor.AppendText(rej, "error_code"), "IC0301")
	q := cbor.AppendMap(tag, 3)
	q = cbor.AppendText(cbor.AppendText(q, "status"), "replied")
	q = cbor.AppendBytes(cbor.AppendText(cbor.AppendMap(cbor.AppendText(q, "reply"), 1), "arg"), []byte("DIDL\x00\x00"))
	q = cbor.AppendMap(cbor.AppendArray(cbor.AppendText(q, "signatures"), 1), 3)
	q = cbor.AppendUint(cbor.AppendText(q, "timestamp"), 1)
	q = cbor.AppendBytes(cbor.AppendText(q, "signature"), make([]byte, 64))
	q = cbor.AppendBytes(cbor.AppendText(q, "identity"), []byte{4})
	ctl := cbor.AppendBytes(cbor.AppendArray(tag, 1), []byte{4})
	return [][]byte{status, call, rej, q, ctl}
}

// FuzzParse feeds every response decoder the same inputs: none may panic.
func FuzzParse(f *testing.F) {
	for _, s := range seeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = parseStatus(b)
		_, _ = parseCallResponse(b)
		_, _ = parseCertificateField(b)
		_, _ = parseControllers(b)
		if q, err := parseQueryResponse(b); err == nil {
			_ = queryResponseHash(envelope.RequestID{}, q, 0)
		}
		if tree, err := hashtree.Parse(b); err == nil {
			_, _ = lookupRequestStatus(tree, envelope.RequestID{})
		}
	})
}

func TestParseSeeds(t *testing.T) {
	s := seeds()
	if st, err := parseStatus(s[0]); err != nil || st.HealthStatus != "healthy" {
		t.Errorf("status: %+v %v", st, err)
	}
	if c, err := parseCallResponse(s[1]); err != nil || c.status != "replied" {
		t.Errorf("call: %+v %v", c, err)
	}
	if c, err := parseCallResponse(s[2]); err != nil || c.reject == nil || c.reject.ErrorCode != "IC0301" {
		t.Errorf("rejection: %+v %v", c, err)
	}
	if q, err := parseQueryResponse(s[3]); err != nil || len(q.signatures) != 1 {
		t.Errorf("query: %+v %v", q, err)
	}
	if ps, err := parseControllers(s[4]); err != nil || len(ps) != 1 || !ps[0].IsAnonymous() {
		t.Errorf("controllers: %v %v", ps, err)
	}
	for i, b := range s {
		for n := range len(b) - 1 {
			_, e1 := parseStatus(b[:n])
			_, e2 := parseCallResponse(b[:n])
			_, e3 := parseQueryResponse(b[:n])
			if n > 3 && (e1 == nil && i == 0 || e2 == nil && (i == 1 || i == 2) || e3 == nil && i == 3) {
				t.Errorf("seed %d truncated to %d bytes parsed", i, n)
			}
		}
	}
}
