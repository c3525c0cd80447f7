package gatewaytest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// httpDid is the Candid interface of replica/testdata/canisters/
// certified_http (PROTOCOL.md §8.1 plus the test's own methods).
const httpDid = `
type HeaderField = record { text; text };
type HttpRequest = record { method : text; url : text; headers : vec HeaderField; body : blob; certificate_version : opt nat16 };
type HttpUpdateRequest = record { method : text; url : text; headers : vec HeaderField; body : blob };
type StreamingToken = record { key : text; content_encoding : text; index : nat; sha256 : opt blob };
type StreamingCallbackHttpResponse = record { body : blob; token : opt StreamingToken };
type StreamingStrategy = variant { Callback : record {
  callback : func (StreamingToken) -> (StreamingCallbackHttpResponse) query; token : StreamingToken } };
type HttpResponse = record { status_code : nat16; headers : vec HeaderField; body : blob;
  upgrade : opt bool; streaming_strategy : opt StreamingStrategy };
service : {
  http_request : (HttpRequest) -> (HttpResponse) query;
  http_request_update : (HttpUpdateRequest) -> (HttpResponse);
  http_request_streaming_callback : (StreamingToken) -> (StreamingCallbackHttpResponse) query;
  set_page : (text, text, text) -> ();
  hit_count : () -> (nat) query;
}`

// site talks to one installed certified_http canister the way a gateway
// does: http_request through the agent, then the streaming callback until
// the token is null.
type site struct {
	r   *replica
	id  principal.Principal
	did *candid.Did
}

// served is one (request, response) pair as a gateway sees it after
// following the stream: Response.Body is the whole body.
type served struct {
	req      httpcert.Request
	resp     httpcert.Response
	chunks   int  // 1 + the number of streaming callbacks
	upgrade  bool // the canister asked for http_request_update
	callback string
}

func newSite(t *testing.T, r *replica, id principal.Principal) *site {
	t.Helper()
	did, err := candid.ParseDid(httpDid)
	must(t, err)
	return &site{r: r, id: id, did: did}
}

func (s *site) method(t *testing.T, name string) *candid.Type {
	t.Helper()
	m, ok := s.did.Method(name)
	if !ok {
		t.Fatalf("no method %s", name)
	}
	return m
}

// encode coerces Candid text arguments to a method's argument types.
func (s *site) encode(t *testing.T, method string, args ...candid.Value) []byte {
	t.Helper()
	m := s.method(t, method)
	for i := range args {
		var err error
		if args[i], err = candid.Coerce(args[i], m.Args()[i]); err != nil {
			t.Fatalf("%s argument %d: %v", method, i, err)
		}
	}
	b, err := candid.Encode(m.Args(), args)
	must(t, err)
	return b
}

func (s *site) decode(t *testing.T, method string, reply []byte) candid.Value {
	t.Helper()
	vs, err := candid.Decode(reply, s.method(t, method).Results())
	if err != nil || len(vs) != 1 {
		t.Fatalf("%s reply %x: %v", method, reply, err)
	}
	return vs[0]
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func headersValue(hs []httpcert.HeaderField) candid.Value {
	vs := make([]candid.Value, len(hs))
	for i, h := range hs {
		vs[i] = candid.TupleValue(candid.TextValue(h.Name), candid.TextValue(h.Value))
	}
	return candid.VecValue(vs...)
}

// get sends GET url with certificate_version 2 and follows the stream.
func (s *site) get(t *testing.T, url string) served {
	t.Helper()
	return s.request(t, httpcert.Request{Method: "GET", URL: url,
		Headers: []httpcert.HeaderField{{Name: "Accept", Value: "*/*"}}})
}

func (s *site) request(t *testing.T, req httpcert.Request) served {
	t.Helper()
	arg := s.encode(t, "http_request", candid.RecordValue(
		candid.NamedValue("method", candid.TextValue(req.Method)),
		candid.NamedValue("url", candid.TextValue(req.URL)),
		candid.NamedValue("headers", headersValue(req.Headers)),
		candid.NamedValue("body", candid.BlobValue(req.Body)),
		candid.NamedValue("certificate_version", candid.OptValue(candid.FixedNatValue(candid.KindNat16, 2))),
	))
	reply, err := s.r.agent.Query(ctx(t), s.id, "http_request", arg)
	if err != nil {
		t.Fatalf("http_request %s: %v", req.URL, err)
	}
	v := s.decode(t, "http_request", reply)
	out := served{req: req, chunks: 1}
	out.resp.StatusCode = uint16(natOf(t, field(t, v, "status_code")))
	for _, h := range field(t, v, "headers").Elems() {
		f := h.Fields()
		out.resp.Headers = append(out.resp.Headers, httpcert.HeaderField{Name: f[0].Value.Text(), Value: f[1].Value.Text()})
	}
	out.resp.Body = field(t, v, "body").Bytes()
	if u, ok := field(t, v, "upgrade").Opt(); ok && u.Bool() {
		out.upgrade = true
	}
	strategy, ok := field(t, v, "streaming_strategy").Opt()
	if !ok {
		return out
	}
	cb := field(t, strategy.Fields()[0].Value, "callback")
	out.callback = cb.String()
	token, more := field(t, strategy.Fields()[0].Value, "token"), true
	for more {
		reply, err := s.r.agent.Query(ctx(t), s.id, "http_request_streaming_callback", s.encode(t, "http_request_streaming_callback", token))
		if err != nil {
			t.Fatalf("streaming callback %s chunk %d: %v", req.URL, out.chunks, err)
		}
		c := s.decode(t, "http_request_streaming_callback", reply)
		out.resp.Body = append(out.resp.Body, field(t, c, "body").Bytes()...)
		out.chunks++
		token, more = field(t, c, "token").Opt()
		if out.chunks > 1000 {
			t.Fatalf("%s: the stream does not end", req.URL)
		}
	}
	return out
}

// update sends a request through http_request_update (an update call).
func (s *site) update(t *testing.T, method, url string) served {
	t.Helper()
	arg := s.encode(t, "http_request_update", candid.RecordValue(
		candid.NamedValue("method", candid.TextValue(method)),
		candid.NamedValue("url", candid.TextValue(url)),
		candid.NamedValue("headers", headersValue(nil)),
		candid.NamedValue("body", candid.BlobValue(nil)),
	))
	reply, err := s.r.agent.Call(ctx(t), s.id, "http_request_update", arg, agent.CallOptions{})
	if err != nil {
		t.Fatalf("http_request_update %s: %v", url, err)
	}
	v := s.decode(t, "http_request_update", reply)
	return served{
		req: httpcert.Request{Method: method, URL: url},
		resp: httpcert.Response{StatusCode: uint16(natOf(t, field(t, v, "status_code"))),
			Body: field(t, v, "body").Bytes()},
		chunks: 1,
	}
}

// setPage calls set_page(path, contentType, body).
func (s *site) setPage(t *testing.T, path, contentType, body string) {
	t.Helper()
	if err := s.trySetPage(t, path, contentType, body); err != nil {
		t.Fatalf("set_page %s: %v", path, err)
	}
}

func (s *site) trySetPage(t *testing.T, path, contentType, body string) error {
	t.Helper()
	arg := s.encode(t, "set_page", candid.TextValue(path), candid.TextValue(contentType), candid.TextValue(body))
	_, err := s.r.agent.Call(ctx(t), s.id, "set_page", arg, agent.CallOptions{})
	return err
}

func field(t *testing.T, v candid.Value, name string) candid.Value {
	t.Helper()
	f, ok := v.Field(name)
	if !ok {
		t.Fatalf("no field %s in %s", name, v)
	}
	return f
}

// natOf reads a nat or natN value.
func natOf(t *testing.T, v candid.Value) uint64 {
	t.Helper()
	if b := v.Big(); b != nil && b.IsUint64() {
		return b.Uint64()
	}
	s := strings.TrimSpace(strings.SplitN(v.String(), ":", 2)[0])
	n, err := strconv.ParseUint(strings.ReplaceAll(s, "_", ""), 10, 64)
	if err != nil {
		t.Fatalf("not a nat: %s", v)
	}
	return n
}

// header returns the first value of a header, case-insensitively.
func header(hs []httpcert.HeaderField, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}
