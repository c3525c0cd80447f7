package exec

import (
	"bytes"
	"context"
	"testing"
)

// benchCertificate stands in for a delegated data certificate: about
// 1.2 KB, the size a subnet's certificate with its delegation has. The
// canister only copies and encodes it.
var benchCertificate = bytes.Repeat([]byte{0xd9, 0xd9, 0xf7, 0xa2, 0x64, 0x74, 0x72, 0x65, 0x65, 0x83, 0x01, 0x83}, 100)

// BenchmarkQueryCertifiedHTTP is the replica's share of an uncached edge
// request: the certifying canister's http_request for one page, with a
// data certificate, so that the answer carries the IC-Certificate header.
// It reports the canister's instruction count per query.
func BenchmarkQueryCertifiedHTTP(b *testing.B) {
	e := newTestEngine(b, Config{})
	cn := installed(b, e, "certified_http")
	for _, tc := range []struct{ name, url string }{
		{"about", "/about"},
		{"missing", "/missing/deep/page.html"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			msg := Message{Method: "http_request", Arg: candidHTTPRequest("GET", tc.url), Caller: testController, Time: 3, DataCertificate: benchCertificate}
			ctx := context.Background()
			var instructions uint64
			b.ReportAllocs()
			for b.Loop() {
				r, err := cn.Query(ctx, msg)
				if err != nil || r.Reject != nil {
					b.Fatal(err, r.Reject)
				}
				if !bytes.Contains(r.Reply, []byte("IC-Certificate")) {
					b.Fatalf("no IC-Certificate header: %q", r.Reply)
				}
				instructions = r.Instructions
			}
			b.ReportMetric(float64(instructions), "instructions/op")
		})
	}
}
