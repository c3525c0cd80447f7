package gatewaytest

import (
	"strconv"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/internal/rvjs"

	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// maxSkew is the certificate-time window of both verifiers (PROTOCOL.md
// §4.6, the HTTP gateway spec's five minutes).
const maxSkew = 5 * time.Minute

// verdict is what one verifier says about one (request, response) pair.
type verdict struct {
	ok      bool
	version int
	status  int
	body    []byte
	err     string
}

// verifyGo runs Threshold's own verifier, certify/httpcert.
func verifyGo(r *replica, id principal.Principal, s served, now time.Time) verdict {
	res, err := httpcert.VerifyRequestResponse(s.req, s.resp, id.Bytes(), now, maxSkew, r.rootKey,
		httpcert.MaxVerificationVersion, httpcert.Options{})
	if err != nil {
		return verdict{err: err.Error()}
	}
	return verdict{ok: true, version: res.Version, status: int(res.StatusCode), body: res.Body}
}

// verifyJS runs @dfinity/response-verification 3.0.3 (the verifier of
// DFINITY's HTTP gateways and service worker) on every pair at once.
func verifyJS(t *testing.T, r *replica, id principal.Principal, pairs []served, now time.Time) []verdict {
	t.Helper()
	cases := make([]rvjs.Case, len(pairs))
	for i, s := range pairs {
		cases[i] = rvjs.Case{Name: strconv.Itoa(i), Request: s.req, CertificateVersion: 2, Response: s.resp,
			Canister: id.Bytes(), Now: now, MaxSkew: maxSkew, RootKey: r.rootKey, MinVersion: 2}
	}
	vs := make([]verdict, len(pairs))
	for i, res := range rvjs.Verify(t, cases) {
		vs[i] = verdict{ok: res.OK, version: res.Version, status: res.Status, body: res.Body, err: res.Error}
	}
	return vs
}
