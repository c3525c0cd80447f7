package gateway

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/threshold-ic/threshold/certify/httpcert"
)

// BenchmarkGatewayUncachedQuery measures the whole gateway path against a
// real in-process replica over loopback HTTP: resolve, encode, query,
// decode, (verify,) respond. "raw" uses the Motoko http canister; "verified"
// the certifying canister, when it has been built.
func BenchmarkGatewayUncachedQuery(b *testing.B) {
	rep := startReplica(b)
	run := func(b *testing.B, host string) {
		h, _ := newGateway(b, rep.url, rep.rootKey)
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				req := httptest.NewRequest("GET", "/", nil)
				req.Host = host
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
	b.Run("raw", func(b *testing.B) { run(b, rep.install(b, "http").String()+".raw.localhost") })
	b.Run("verified", func(b *testing.B) { run(b, rep.install(b, "certified_http").String()+".localhost") })
}

// BenchmarkVerifyResponse measures verification of a v2 answer with a
// delegated certificate, the certificate signature cached by the
// Verifier as it is for repeated answers of one certified state.
func BenchmarkVerifyResponse(b *testing.B) {
	n := fakeNet(b)
	s := newFakeSite(b, n)
	reply := s.call("http_request", mustEncode(b, &canisterRequest{Method: "GET", URL: "/"}))
	resp, err := decodeResponse(reply)
	must(b, err)
	v, err := httpcert.NewVerifier(n.rootKey(), httpcert.Options{})
	must(b, err)
	h, _ := newGateway(b, "", n.rootKey(), func(o *Options) { o.Agent = n.agent(b); o.Verifier = v })
	g := h.(*gateway)
	req := &canisterRequest{Method: "GET", URL: "/"}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, c := g.verify(context.Background(), fakeCanister, req, resp); c != nil {
			b.Fatal(c)
		}
	}
}

func mustEncode(b testing.TB, r *canisterRequest) []byte {
	arg, err := r.encodeQuery()
	must(b, err)
	return arg
}
