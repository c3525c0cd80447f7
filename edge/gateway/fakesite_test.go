package gateway

import (
	"bytes"
	"net/url"
	"slices"
	"testing"

	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/replica/api/candid"
)

// fakeSite is a certifying canister written in Go for the fake network:
// http_request answers its pages with IC-Certificate headers cut from a
// real httpcert.Certifier, and http_request_streaming_callback serves the
// chunks of streamed pages with a token type of its own.
type fakeSite struct {
	t     testing.TB
	net   *fakeNetwork
	c     *httpcert.Certifier
	pages map[string]*fakePage

	// Knobs for the hostile corpus.
	certOpts      certOptions
	certifiedData []byte // replaces the root hash in the certificate
	tamper        func(r *fakeAnswer)
	tamperChunk   func(i int, chunk []byte) ([]byte, bool) // false ends the stream

	// The last exchange, streamed chunks appended, for the interop test.
	lastReq  httpcert.Request
	lastResp httpcert.Response
}

type fakePage struct {
	status  uint16
	headers []httpcert.HeaderField
	chunks  [][]byte // the first is the body of http_request
	entry   httpcert.Entry
	v1      bool
}

// fakeAnswer is an HttpResponse about to be encoded.
type fakeAnswer struct {
	Status  uint16
	Headers []httpcert.HeaderField
	Body    []byte
	Stream  bool
}

var (
	fakeTokenType  = candid.Record(candid.NamedField("path", candid.Text), candid.NamedField("chunk", candid.Nat32))
	fakeCbRespType = candid.Record(candid.NamedField("body", candid.Blob), candid.NamedField("token", candid.Opt(fakeTokenType)))
	fakeStratType  = candid.Variant(candid.NamedField("Callback", candid.Record(
		candid.NamedField("callback", candid.Func([]*candid.Type{fakeTokenType}, []*candid.Type{fakeCbRespType}, candid.Query)),
		candid.NamedField("token", fakeTokenType))))
	fakeRespType = candid.Record(
		candid.NamedField("status_code", candid.Nat16),
		candid.NamedField("headers", headersType),
		candid.NamedField("body", candid.Blob),
		candid.NamedField("upgrade", candid.Opt(candid.Bool)),
		candid.NamedField("streaming_strategy", candid.Opt(fakeStratType)),
	)
)

var (
	respOnly = httpcert.ResponseOnly(httpcert.CertifiedHeaders("content-type"))
	withLang = httpcert.FullCertification(httpcert.RequestCertification{QueryParameters: []string{"lang"}},
		httpcert.CertifiedHeaders("content-type"))
	allButDate = httpcert.ResponseOnly(httpcert.ExcludedHeaders("date"))
)

// newFakeSite builds the site of the corpus and installs it as the fake
// network's canister.
func newFakeSite(t testing.TB, n *fakeNetwork) *fakeSite {
	s := &fakeSite{t: t, net: n, c: httpcert.NewCertifier(), pages: map[string]*fakePage{}}
	s.add("/", "/", respOnly, httpcert.ExactPath("/"), 200, []byte("<h1>home</h1>"))
	s.add("/req", "/req?lang=en", withLang, httpcert.ExactPath("/req"), 200, []byte("<h1>english</h1>"))
	s.add("/excl", "/excl", allButDate, httpcert.ExactPath("/excl"), 200, []byte("all headers certified"))
	s.add("/big", "/big", respOnly, httpcert.ExactPath("/big"), 200,
		bytes.Repeat([]byte("a"), 1000), bytes.Repeat([]byte("b"), 1000), bytes.Repeat([]byte("c"), 500))
	s.add("", "/missing", respOnly, httpcert.WildcardPath("/"), 404, []byte("not found"))
	skip := httpcert.SkipEntry(httpcert.ExactPath("/skip"))
	must(t, s.c.Add(skip))
	s.pages["/skip"] = &fakePage{status: 200, chunks: [][]byte{[]byte("live data")}, entry: skip,
		headers: []httpcert.HeaderField{{Name: httpcert.CertificateExpressionHeaderName, Value: httpcert.SkipCertification().String()}}}
	css := []byte("body { color: teal }")
	must(t, s.c.AddAsset("/v1.css", css))
	s.pages["/v1.css"] = &fakePage{status: 200, v1: true, chunks: [][]byte{css},
		headers: []httpcert.HeaderField{{Name: "Content-Type", Value: "text/css"}, {Name: "Cache-Control", Value: "max-age=99999"}}}
	n.mu.Lock()
	n.canister = s.call
	n.mu.Unlock()
	return s
}

// add certifies a v2 page; key "" is the wildcard fallback.
func (s *fakeSite) add(key, reqURL string, expr httpcert.Expression, path httpcert.CertificationPath, status uint16, chunks ...[]byte) {
	p := &fakePage{status: status, chunks: chunks, headers: []httpcert.HeaderField{
		{Name: "Content-Type", Value: "text/html"},
		{Name: "Date", Value: "Mon, 01 Jan 2024 00:00:00 GMT"},
		{Name: httpcert.CertificateExpressionHeaderName, Value: expr.String()},
	}}
	var err error
	p.entry, err = httpcert.NewEntry(path, expr, httpcert.Request{Method: "GET", URL: reqURL},
		httpcert.Response{StatusCode: status, Headers: p.headers, Body: bytes.Join(chunks, nil)})
	must(s.t, err)
	must(s.t, s.c.Add(p.entry))
	s.pages[key] = p
}

func (s *fakeSite) call(method string, arg []byte) []byte {
	if method == "http_request_streaming_callback" {
		return s.callback(arg)
	}
	vs, err := candid.Decode(arg, []*candid.Type{httpRequestType})
	must(s.t, err)
	reqURL := field(vs[0], "url").Text()
	s.lastReq = httpcert.Request{Method: field(vs[0], "method").Text(), URL: reqURL, Body: field(vs[0], "body").Bytes()}
	for _, h := range headerPairs(field(vs[0], "headers")) {
		s.lastReq.Headers = append(s.lastReq.Headers, httpcert.HeaderField{Name: h[0], Value: h[1]})
	}
	u, err := url.Parse(reqURL)
	must(s.t, err)
	p, ok := s.pages[u.Path]
	if !ok {
		p = s.pages[""]
	}
	root := s.c.RootHash()
	data := root[:]
	if s.certifiedData != nil {
		data = s.certifiedData
	}
	cert := s.net.dataCertificate(s.t, data, s.certOpts)
	var h httpcert.HeaderField
	if p.v1 {
		h = s.c.AssetCertificateHeader(cert, u.Path)
	} else {
		h, err = s.c.CertificateHeader(cert, p.entry, reqURL)
		must(s.t, err)
	}
	a := &fakeAnswer{Status: p.status, Headers: append(slices.Clone(p.headers), h), Body: p.chunks[0], Stream: len(p.chunks) > 1}
	if s.tamper != nil {
		s.tamper(a)
	}
	s.lastResp = httpcert.Response{StatusCode: a.Status, Headers: a.Headers, Body: slices.Clone(a.Body)}
	return s.encode(a, u.Path)
}

func (s *fakeSite) encode(a *fakeAnswer, path string) []byte {
	hs := make([]candid.Value, len(a.Headers))
	for i, h := range a.Headers {
		hs[i] = candid.TupleValue(candid.TextValue(h.Name), candid.TextValue(h.Value))
	}
	strat := candid.NoneValue()
	if a.Stream {
		strat = candid.OptValue(candid.VariantValue(candid.NamedValue("Callback", candid.RecordValue(
			candid.NamedValue("callback", candid.FuncValue(fakeCanister.Bytes(), "http_request_streaming_callback")),
			candid.NamedValue("token", fakeToken(path, 1)),
		))))
	}
	v := candid.RecordValue(
		candid.NamedValue("status_code", candid.FixedNatValue(candid.KindNat16, uint64(a.Status))),
		candid.NamedValue("headers", candid.VecValue(hs...)),
		candid.NamedValue("body", candid.BlobValue(a.Body)),
		candid.NamedValue("upgrade", candid.NoneValue()),
		candid.NamedValue("streaming_strategy", strat),
	)
	b, err := candid.Encode([]*candid.Type{fakeRespType}, []candid.Value{v})
	must(s.t, err)
	return b
}

func fakeToken(path string, chunk int) candid.Value {
	return candid.RecordValue(candid.NamedValue("path", candid.TextValue(path)),
		candid.NamedValue("chunk", candid.FixedNatValue(candid.KindNat32, uint64(chunk))))
}

func (s *fakeSite) callback(arg []byte) []byte {
	vs, err := candid.Decode(arg, []*candid.Type{fakeTokenType})
	must(s.t, err)
	path, i := field(vs[0], "path").Text(), int(field(vs[0], "chunk").Uint64())
	p := s.pages[path]
	chunk, more := p.chunks[i], i+1 < len(p.chunks)
	if s.tamperChunk != nil {
		var keep bool
		if chunk, keep = s.tamperChunk(i, slices.Clone(chunk)); !keep {
			more = false
		}
	}
	s.lastResp.Body = append(s.lastResp.Body, chunk...)
	next := candid.NoneValue()
	if more {
		next = candid.OptValue(fakeToken(path, i+1))
	}
	b, err := candid.Encode([]*candid.Type{fakeCbRespType}, []candid.Value{candid.RecordValue(
		candid.NamedValue("body", candid.BlobValue(chunk)), candid.NamedValue("token", next))})
	must(s.t, err)
	return b
}
