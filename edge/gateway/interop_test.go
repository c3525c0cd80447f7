package gateway

import (
	"testing"
	"time"

	"github.com/threshold-ic/threshold/internal/rvjs"
)

// TestResponseVerificationAgrees has @dfinity/response-verification judge
// the request/response pairs of the hostile corpus exactly as the gateway
// received them (streamed bodies assembled): it must accept what the
// gateway serves and refuse what it refuses, except for the gateway's
// policy refusals, which a bare verifier does not make.
func TestResponseVerificationAgrees(t *testing.T) {
	rvjs.Require(t)
	var cases []rvjs.Case
	var want []bool
	for _, tc := range theCorpus() {
		if tc.policy {
			continue
		}
		n := fakeNet(t)
		s := newFakeSite(t, n)
		if tc.setup != nil {
			tc.setup(t, s)
		}
		h, _ := newGateway(t, "", n.rootKey(), func(o *Options) { o.Agent = n.agent(t) })
		r := get(h, "GET", fakeCanister.String()+".icp0.io", tc.target)
		minVersion := 2
		if tc.how == "v1" {
			minVersion = 1 // the gateway negotiated v1 with the canister
		}
		cases = append(cases, rvjs.Case{Name: tc.name, Request: s.lastReq, CertificateVersion: 2, Response: s.lastResp,
			Canister: fakeCanister.Bytes(), Now: time.Now(), MaxSkew: 5 * time.Minute, RootKey: n.rootKey(), MinVersion: minVersion})
		want = append(want, r.Code != 503)
	}
	for i, r := range rvjs.Verify(t, cases) {
		if r.OK != want[i] {
			t.Errorf("%s: response-verification ok=%v (%s), gateway served=%v", r.Name, r.OK, r.Error, want[i])
		}
	}
}
