package store

import (
	"fmt"
	"testing"

	"github.com/threshold-ic/threshold/assets/wire"
)

// benchSite is a canister with n assets of two encodings each.
func benchSite(b *testing.B, n int) *testIC {
	ic := newSite(b)
	id := mustCall(ic, committer, wire.CreateBatchMethod, struct{}{})
	var ops []wire.BatchOperation
	for i := range n {
		key := fmt.Sprintf("/assets/dir%d/file%d.js", i%50, i)
		if i%100 == 0 {
			key = fmt.Sprintf("/assets/dir%d/index.html", i/100)
		}
		ops = append(ops,
			wire.BatchOperation{CreateAsset: &wire.CreateAssetArguments{Key: key, ContentType: "text/javascript", MaxAge: ptr[uint64](3600)}},
			wire.BatchOperation{SetAssetContent: &wire.SetAssetContentArguments{Key: key, ContentEncoding: "identity", LastChunk: randomBytes(uint64(i), 200)}},
			wire.BatchOperation{SetAssetContent: &wire.SetAssetContentArguments{Key: key, ContentEncoding: "gzip", LastChunk: randomBytes(uint64(i+n), 100)}})
	}
	ops = append(ops, wire.BatchOperation{CreateAsset: &wire.CreateAssetArguments{Key: "/index.html", ContentType: "text/html"}},
		wire.BatchOperation{SetAssetContent: &wire.SetAssetContentArguments{Key: "/index.html", ContentEncoding: "identity", LastChunk: []byte("<html>")}})
	mustCall(ic, committer, wire.CommitBatchMethod, wire.CommitBatchArguments{BatchID: id, Operations: ops})
	return ic
}

// BenchmarkHTTPRequest measures http_request on the host, without the
// Candid codec (which the glue runs): an exact path and a fallback.
func BenchmarkHTTPRequest(b *testing.B) {
	ic := benchSite(b, 5000)
	e := ic.env(anonymous, true)
	cert := ic.dataCertificate()
	fixed := &fixedCertEnv{env: e, cert: cert}
	for _, c := range []struct{ name, url string }{
		{"exact", "/assets/dir7/file1007.js"},
		{"alias", "/assets/dir0/"},
		{"fallback", "/assets/dir3/missing/page"},
	} {
		req := &wire.HTTPRequest{Method: "GET", URL: c.url, CertificateVersion: v2,
			Headers: []wire.HeaderField{{Name: "Accept-Encoding", Value: "gzip, deflate, br"}, {Name: "Host", Value: "x.icp0.io"}}}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ic.store.httpRequest(fixed, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCommit measures one small commit into a site of 5000 assets:
// the re-certification and the recomputation of every witness.
func BenchmarkCommit(b *testing.B) {
	ic := benchSite(b, 5000)
	arg, err := wire.StoreMethod.EncodeArgs(wire.StoreArguments{Key: "/assets/new.js", ContentType: "text/javascript", ContentEncoding: "identity", Content: []byte("x")})
	must(b, err)
	e := ic.env(committer, false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ic.store.Update(e, "store", arg); err != nil {
			b.Fatal(err)
		}
	}
}

type fixedCertEnv struct {
	*env
	cert []byte
}

func (f *fixedCertEnv) DataCertificate() []byte { return f.cert }
