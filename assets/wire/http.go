package wire

import (
	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// The converters of the HTTP gateway interface (PROTOCOL.md §8.1): the
// request, the answer with its optional streaming strategy, and the
// streaming callback's token and answer.

// callbackMethod is the method a streaming strategy's func reference names.
const callbackMethod = "http_request_streaming_callback"

var httpRequest = record(
	fieldOf("method", text, func(r *HTTPRequest) *string { return &r.Method }),
	fieldOf("url", text, func(r *HTTPRequest) *string { return &r.URL }),
	fieldOf("headers", headers, func(r *HTTPRequest) *[]HeaderField { return &r.Headers }),
	fieldOf("body", blob, func(r *HTTPRequest) *[]byte { return &r.Body }),
	fieldOf("certificate_version", opt(nat16), func(r *HTTPRequest) **uint16 { return &r.CertificateVersion }),
)

var streamingCallbackToken = record(
	fieldOf("key", text, func(t *StreamingCallbackToken) *string { return &t.Key }),
	fieldOf("content_encoding", text, func(t *StreamingCallbackToken) *string { return &t.ContentEncoding }),
	fieldOf("index", nat, func(t *StreamingCallbackToken) *uint64 { return &t.Index }),
	fieldOf("sha256", optBlob, func(t *StreamingCallbackToken) *[]byte { return &t.SHA256 }),
)

var streamingCallbackHTTPResponse = record(
	fieldOf("body", blob, func(r *StreamingCallbackHTTPResponse) *[]byte { return &r.Body }),
	fieldOf("token", opt(streamingCallbackToken), func(r *StreamingCallbackHTTPResponse) **StreamingCallbackToken { return &r.Token }),
)

// callbackRef is the func reference of a streaming strategy, held as the
// principal of its service: func (StreamingCallbackToken) -> (opt
// StreamingCallbackHttpResponse) query, always naming callbackMethod.
var callbackRef = conv[[]byte]{
	typ: candid.Func([]*candid.Type{streamingCallbackToken.typ},
		[]*candid.Type{candid.Opt(streamingCallbackHTTPResponse.typ)}, candid.Query),
	enc: func(p *[]byte) (candid.Value, error) {
		if *p == nil {
			return candid.Value{}, valuef("a streaming answer needs its callback's principal")
		}
		if len(*p) > principal.MaxLength {
			return candid.Value{}, valuef("principal of %d bytes is longer than %d", len(*p), principal.MaxLength)
		}
		return candid.FuncValue(*p, callbackMethod), nil
	},
	dec: func(v candid.Value, p *[]byte) error {
		if v.Kind() != candid.KindFunc {
			return valuef("a %s is not a func reference", v.Kind())
		}
		if v.Text() != callbackMethod {
			return valuef("the streaming callback is %q, not %s", v.Text(), callbackMethod)
		}
		return principalID.dec(candid.PrincipalValue(v.Bytes()), p)
	},
}

// streaming is the Go form of StreamingStrategy, whose one case is
// Callback.
type streaming struct {
	Callback *callback
}

type callback struct {
	service []byte
	token   StreamingCallbackToken
}

var streamingStrategy = opt(variant(
	altOf("Callback", record(
		fieldOf("callback", callbackRef, func(c *callback) *[]byte { return &c.service }),
		fieldOf("token", streamingCallbackToken, func(c *callback) *StreamingCallbackToken { return &c.token }),
	), func(s *streaming) **callback { return &s.Callback }),
))

// streamingField is HttpResponse.streaming_strategy, held in
// HTTPResponse.StreamingToken and HTTPResponse.Callback.
var streamingField = field[HTTPResponse]{
	name: "streaming_strategy",
	typ:  streamingStrategy.typ,
	enc: func(r *HTTPResponse) (candid.Value, error) {
		var s *streaming
		if r.StreamingToken != nil {
			s = &streaming{&callback{r.Callback, *r.StreamingToken}}
		}
		return streamingStrategy.enc(&s)
	},
	dec: func(v candid.Value, r *HTTPResponse) error {
		var s *streaming
		if err := streamingStrategy.dec(v, &s); err != nil {
			return err
		}
		r.StreamingToken, r.Callback = nil, nil
		if s != nil {
			r.StreamingToken, r.Callback = &s.Callback.token, s.Callback.service
		}
		return nil
	},
}

var httpResponse = record(
	fieldOf("status_code", nat16, func(r *HTTPResponse) *uint16 { return &r.StatusCode }),
	fieldOf("headers", headers, func(r *HTTPResponse) *[]HeaderField { return &r.Headers }),
	fieldOf("body", blob, func(r *HTTPResponse) *[]byte { return &r.Body }),
	streamingField,
	fieldOf("upgrade", opt(boolean), func(r *HTTPResponse) **bool { return &r.Upgrade }),
)
