package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/assets/wire"
	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/certify/leb128"
)

// The principals of the tests.
var (
	canisterID  = []byte{0, 0, 0, 0, 0, 0x20, 0, 0x42, 1, 1}
	controllerP = []byte{0xc0, 1}
	installer   = []byte{0xc0, 2}
	committer   = []byte{0xc0, 3}
	preparer    = []byte{0xc0, 4}
	manager     = []byte{0xc0, 5}
	stranger    = []byte{0xc0, 6}
	other       = []byte{0xc0, 7}
	anonymous   = []byte{0x04}
)

// testIC is a subnet that certifies the canister's data: a BLS root key
// signs a tree with /canister/<id>/certified_data and /time, as
// data_certificate returns it (PROTOCOL.md §4).
type testIC struct {
	t        testing.TB
	sk       *bls.SecretKey
	rootDER  []byte
	verifier *httpcert.Verifier
	now      time.Time

	certified []byte
	store     *Store
}

var sharedKey = func() *bls.SecretKey {
	sk, err := bls.GenerateKey(rand.NewChaCha8([32]byte{'a', 's', 's', 'e', 't', 's'}))
	if err != nil {
		panic(err)
	}
	return sk
}()

func newIC(t testing.TB) *testIC {
	t.Helper()
	ic := &testIC{t: t, sk: sharedKey, rootDER: sharedKey.PublicKey().DER(), now: time.Unix(1_750_000_000, 123_456_789)}
	v, err := httpcert.NewVerifier(ic.rootDER, httpcert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ic.verifier = v
	ic.store = New()
	if err := ic.store.Init(ic.env(installer, false), nil); err != nil {
		t.Fatal(err)
	}
	return ic
}

// env is one message's System API.
type env struct {
	ic     *testIC
	caller []byte
	query  bool
}

func (ic *testIC) env(caller []byte, query bool) *env {
	return &env{ic: ic, caller: caller, query: query}
}

func (e *env) Caller() []byte             { return e.caller }
func (e *env) Time() uint64               { return uint64(e.ic.now.UnixNano()) }
func (e *env) CanisterID() []byte         { return canisterID }
func (e *env) IsController(p []byte) bool { return bytes.Equal(p, controllerP) }
func (e *env) SetCertifiedData(d []byte)  { e.ic.certified = bytes.Clone(d) }
func (e *env) DataCertificate() []byte {
	if !e.query {
		return nil
	}
	return e.ic.dataCertificate()
}

func (ic *testIC) dataCertificate() []byte {
	var b hashtree.Builder
	must(ic.t, b.Insert([][]byte{[]byte("time")}, leb128.AppendUnsigned(nil, uint64(ic.now.UnixNano()))))
	must(ic.t, b.Insert([][]byte{[]byte("canister"), canisterID, []byte("certified_data")}, ic.certified))
	w := b.Build().Tree()
	cert, err := certify.Sign(w, nil, func(msg []byte) ([]byte, error) { return ic.sk.Sign(msg).Bytes(), nil })
	must(ic.t, err)
	return cert
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// call runs method as an update by caller with codec m.
func call[A, R any](ic *testIC, caller []byte, m wire.Method[A, R], a A) (R, error) {
	ic.t.Helper()
	var zero R
	arg, err := m.EncodeArgs(a)
	if err != nil {
		ic.t.Fatal(err)
	}
	var out []byte
	if m.Query() {
		out, err = ic.store.Query(ic.env(caller, true), m.Name, arg)
	} else {
		out, err = ic.store.Update(ic.env(caller, false), m.Name, arg)
	}
	if err != nil {
		return zero, err
	}
	r, err := m.DecodeResult(out)
	if err != nil {
		ic.t.Fatalf("%s: decoding the result: %v", m.Name, err)
	}
	return r, nil
}

func mustCall[A, R any](ic *testIC, caller []byte, m wire.Method[A, R], a A) R {
	ic.t.Helper()
	r, err := call(ic, caller, m, a)
	if err != nil {
		ic.t.Fatalf("%s: %v", m.Name, err)
	}
	return r
}

func ptr[T any](v T) *T { return &v }

// upload stores an asset through a batch: its encodings split into chunks
// of chunkSize bytes.
func (ic *testIC) upload(key, contentType string, encodings map[string][]byte, chunkSize int, props func(*wire.CreateAssetArguments)) {
	ic.t.Helper()
	id := mustCall(ic, committer, wire.CreateBatchMethod, struct{}{})
	create := wire.CreateAssetArguments{Key: key, ContentType: contentType}
	if props != nil {
		props(&create)
	}
	ops := []wire.BatchOperation{{DeleteAsset: &wire.DeleteAssetArguments{Key: key}}, {CreateAsset: &create}}
	names := make([]string, 0, len(encodings))
	for n := range encodings {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		content := encodings[n]
		var chunks [][]byte
		for len(content) > chunkSize {
			chunks, content = append(chunks, content[:chunkSize]), content[chunkSize:]
		}
		chunks = append(chunks, content)
		ids := mustCall(ic, committer, wire.CreateChunksMethod, wire.CreateChunksArguments{BatchID: id, Content: chunks})
		ops = append(ops, wire.BatchOperation{SetAssetContent: &wire.SetAssetContentArguments{Key: key, ContentEncoding: n, ChunkIDs: ids}})
	}
	mustCall(ic, committer, wire.CommitBatchMethod, wire.CommitBatchArguments{BatchID: id, Operations: ops})
}

// fingerprint describes the whole state, for atomicity checks.
func (ic *testIC) fingerprint() string {
	ic.t.Helper()
	var b bytes.Buffer
	must(ic.t, ic.store.Save(&b))
	st := ic.store.st
	fmt.Fprintf(&b, "|batches")
	ids := slices.Sorted(func(yield func(uint64) bool) {
		for id := range st.batches {
			if !yield(id) {
				return
			}
		}
	})
	for _, id := range ids {
		bt := st.batches[id]
		fmt.Fprintf(&b, " %d:%d:%d:%v:%x", id, bt.expiresAt, bt.bytes, bt.proposed != nil, bt.evidence)
	}
	cids := slices.Sorted(func(yield func(uint64) bool) {
		for id := range st.chunks {
			if !yield(id) {
				return
			}
		}
	})
	for _, id := range cids {
		fmt.Fprintf(&b, " c%d:%d:%x", id, st.chunks[id].batch, st.chunks[id].content)
	}
	h := ic.store.cert.rootHash()
	fmt.Fprintf(&b, "|root %x|certified %x", h, ic.certified)
	return b.String()
}

// request is a gateway's request.
type request struct {
	method  string
	url     string
	headers []wire.HeaderField
	version *uint16
	body    []byte
}

// get sends an http_request and reassembles a streamed body through the
// callback, as a gateway does.
func (ic *testIC) get(r request) (wire.HTTPResponse, error) {
	ic.t.Helper()
	if r.method == "" {
		r.method = "GET"
	}
	resp, err := call(ic, anonymous, wire.HTTPRequestMethod, wire.HTTPRequest{Method: r.method, URL: r.url, Headers: r.headers, Body: r.body, CertificateVersion: r.version})
	if err != nil {
		return resp, err
	}
	tok := resp.StreamingToken
	if tok != nil && !bytes.Equal(resp.Callback, canisterID) {
		ic.t.Fatalf("callback of canister %x", resp.Callback)
	}
	for n := 0; tok != nil; n++ {
		if n > 1<<20 {
			ic.t.Fatal("endless stream")
		}
		next, err := call(ic, anonymous, wire.HTTPRequestStreamingCallbackMethod, *tok)
		if err != nil {
			return resp, fmt.Errorf("streaming callback: %w", err)
		}
		if next == nil {
			ic.t.Fatal("streaming callback answered null")
		}
		resp.Body = append(bytes.Clone(resp.Body), next.Body...)
		tok = next.Token
	}
	resp.StreamingToken = nil
	return resp, nil
}

// verify checks resp as a gateway does, for requests of version minVersion.
func (ic *testIC) verify(r request, resp wire.HTTPResponse) (httpcert.Result, error) {
	if r.method == "" {
		r.method = "GET"
	}
	hs := make([]httpcert.HeaderField, len(resp.Headers))
	for i, h := range resp.Headers {
		hs[i] = httpcert.HeaderField(h)
	}
	rh := make([]httpcert.HeaderField, len(r.headers))
	for i, h := range r.headers {
		rh[i] = httpcert.HeaderField(h)
	}
	min := 1
	if r.version != nil && *r.version >= 2 {
		min = 2
	}
	return ic.verifier.Verify(httpcert.Request{Method: r.method, URL: r.url, Headers: rh, Body: r.body},
		httpcert.Response{StatusCode: resp.StatusCode, Headers: hs, Body: resp.Body},
		canisterID, ic.now.Add(time.Second), 5*time.Minute, min)
}

// fetch gets and verifies; it fails the test if the answer does not
// verify.
func (ic *testIC) fetch(r request) (wire.HTTPResponse, httpcert.Result) {
	ic.t.Helper()
	resp, err := ic.get(r)
	if err != nil {
		ic.t.Fatalf("%s %s: %v", r.method, r.url, err)
	}
	res, err := ic.verify(r, resp)
	if err != nil {
		ic.t.Fatalf("%s %s (v%v): answer %d does not verify: %v", r.method, r.url, deref(r.version), resp.StatusCode, err)
	}
	return resp, res
}

func deref(v *uint16) any {
	if v == nil {
		return "1 (none)"
	}
	return *v
}

func header(hs []wire.HeaderField, name string) string {
	for _, h := range hs {
		if stringsEqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

func stringsEqualFold(a, b string) bool { return bytes.EqualFold([]byte(a), []byte(b)) }

var v2 = ptr[uint16](2)
