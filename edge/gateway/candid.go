package gateway

import (
	"fmt"

	"github.com/threshold-ic/threshold/replica/api/candid"
)

// The types of http-gateway.did (PROTOCOL.md §8.1) that the gateway sends
// and expects. The streaming strategy is read from the answer's own types
// (decodeResponse), since its token type belongs to the canister.
var (
	headerFieldType = candid.Tuple(candid.Text, candid.Text)
	headersType     = candid.Vec(headerFieldType)

	httpRequestType = candid.Record(
		candid.NamedField("method", candid.Text),
		candid.NamedField("url", candid.Text),
		candid.NamedField("headers", headersType),
		candid.NamedField("body", candid.Blob),
		candid.NamedField("certificate_version", candid.Opt(candid.Nat16)),
	)
	httpUpdateRequestType = candid.Record(
		candid.NamedField("method", candid.Text),
		candid.NamedField("url", candid.Text),
		candid.NamedField("headers", headersType),
		candid.NamedField("body", candid.Blob),
	)
	// httpResponseCore is HttpResponse without streaming_strategy.
	httpResponseCore = candid.Record(
		candid.NamedField("status_code", candid.Nat16),
		candid.NamedField("headers", headersType),
		candid.NamedField("body", candid.Blob),
		candid.NamedField("upgrade", candid.Opt(candid.Bool)),
	)
	// callbackResponseCore is StreamingCallbackHttpResponse without token.
	callbackResponseCore = candid.Record(candid.NamedField("body", candid.Blob))
)

// canisterRequest is an HttpRequest (and, without CertificateVersion, an
// HttpUpdateRequest).
type canisterRequest struct {
	Method  string
	URL     string
	Headers [][2]string
	Body    []byte
}

func (r *canisterRequest) headersValue() candid.Value {
	hs := make([]candid.Value, len(r.Headers))
	for i, h := range r.Headers {
		hs[i] = candid.TupleValue(candid.TextValue(h[0]), candid.TextValue(h[1]))
	}
	return candid.VecValue(hs...)
}

// encodeQuery encodes the argument of http_request with
// certificate_version = opt 2.
func (r *canisterRequest) encodeQuery() ([]byte, error) {
	v := candid.RecordValue(
		candid.NamedValue("method", candid.TextValue(r.Method)),
		candid.NamedValue("url", candid.TextValue(r.URL)),
		candid.NamedValue("headers", r.headersValue()),
		candid.NamedValue("body", candid.BlobValue(r.Body)),
		candid.NamedValue("certificate_version", candid.OptValue(candid.FixedNatValue(candid.KindNat16, 2))),
	)
	return candid.Encode([]*candid.Type{httpRequestType}, []candid.Value{v})
}

// encodeUpdate encodes the argument of http_request_update.
func (r *canisterRequest) encodeUpdate() ([]byte, error) {
	v := candid.RecordValue(
		candid.NamedValue("method", candid.TextValue(r.Method)),
		candid.NamedValue("url", candid.TextValue(r.URL)),
		candid.NamedValue("headers", r.headersValue()),
		candid.NamedValue("body", candid.BlobValue(r.Body)),
	)
	return candid.Encode([]*candid.Type{httpUpdateRequestType}, []candid.Value{v})
}

// canisterResponse is a decoded HttpResponse.
type canisterResponse struct {
	Status  uint16
	Headers [][2]string
	Body    []byte
	Upgrade bool
	// Stream is the streaming callback, nil without one.
	Stream *streamCallback
}

// streamCallback is a StreamingStrategy.Callback with the token's type
// taken from the answer's type table.
type streamCallback struct {
	Canister  []byte // the principal of the callback's service
	Method    string
	Token     candid.Value
	TokenType *candid.Type
}

// decodeResponse decodes an HttpResponse. The fixed fields are coerced to
// http-gateway.did's types (Candid subtyping: a canister may omit upgrade
// or add fields); the streaming strategy is kept with its own types.
func decodeResponse(b []byte) (*canisterResponse, error) {
	types, vals, err := candid.DecodeAny(b)
	if err != nil {
		return nil, err
	}
	if len(vals) == 0 {
		return nil, fmt.Errorf("the reply has no value")
	}
	core, err := candid.Coerce(vals[0], httpResponseCore)
	if err != nil {
		return nil, err
	}
	resp := &canisterResponse{Status: uint16(field(core, "status_code").Uint64()), Body: field(core, "body").Bytes()}
	resp.Headers = headerPairs(field(core, "headers"))
	if up, ok := field(core, "upgrade").Opt(); ok {
		resp.Upgrade = up.Bool()
	}
	if resp.Stream, err = streamingStrategy(types[0], vals[0]); err != nil {
		return nil, err
	}
	return resp, nil
}

// streamingStrategy reads opt variant { Callback: record { callback; token } }
// from the answer's own value and type.
func streamingStrategy(t *candid.Type, v candid.Value) (*streamCallback, error) {
	st, ok := fieldType(t, "streaming_strategy")
	if !ok || st.Kind() != candid.KindOpt {
		return nil, nil
	}
	sv, _ := v.Field("streaming_strategy")
	inner, ok := sv.Opt()
	if !ok {
		return nil, nil
	}
	if st.Elem().Kind() != candid.KindVariant {
		return nil, fmt.Errorf("streaming_strategy is %s, not a variant", st.Elem())
	}
	cbType, ok := fieldType(st.Elem(), "Callback")
	cb, present := inner.Field("Callback")
	if !ok || !present || cbType.Kind() != candid.KindRecord {
		return nil, fmt.Errorf("streaming_strategy is not a Callback")
	}
	tokenType, ok := fieldType(cbType, "token")
	fn, okFn := cb.Field("callback")
	token, okTok := cb.Field("token")
	if !ok || !okFn || !okTok || fn.Kind() != candid.KindFunc {
		return nil, fmt.Errorf("streaming Callback lacks its callback or token")
	}
	return &streamCallback{Canister: fn.Bytes(), Method: fn.Text(), Token: token, TokenType: tokenType}, nil
}

// decodeCallbackResponse decodes a StreamingCallbackHttpResponse, bare or
// in an opt (PROTOCOL.md §11 D4): the body and the next token with its own
// type, or a nil token at the end.
func decodeCallbackResponse(b []byte) (body []byte, next *streamCallback, err error) {
	types, vals, err := candid.DecodeAny(b)
	if err != nil {
		return nil, nil, err
	}
	if len(vals) == 0 {
		return nil, nil, fmt.Errorf("the callback's reply has no value")
	}
	t, v := types[0], vals[0]
	if t.Kind() == candid.KindOpt {
		inner, ok := v.Opt()
		if !ok {
			return nil, nil, nil // opt null: the end
		}
		t, v = t.Elem(), inner
	}
	core, err := candid.Coerce(v, callbackResponseCore)
	if err != nil {
		return nil, nil, err
	}
	body = field(core, "body").Bytes()
	tt, ok := fieldType(t, "token")
	if !ok || tt.Kind() != candid.KindOpt {
		return body, nil, nil
	}
	tv, _ := v.Field("token")
	tok, ok := tv.Opt()
	if !ok {
		return body, nil, nil
	}
	return body, &streamCallback{Token: tok, TokenType: tt.Elem()}, nil
}

func field(v candid.Value, name string) candid.Value {
	f, _ := v.Field(name)
	return f
}

func fieldType(t *candid.Type, name string) (*candid.Type, bool) {
	if t.Kind() != candid.KindRecord && t.Kind() != candid.KindVariant {
		return nil, false
	}
	id := candid.Hash(name)
	for _, f := range t.Fields() {
		if f.ID == id {
			return f.Type, true
		}
	}
	return nil, false
}

func headerPairs(v candid.Value) [][2]string {
	elems := v.Elems()
	out := make([][2]string, 0, len(elems))
	for _, e := range elems {
		fs := e.Fields()
		if len(fs) == 2 {
			out = append(out, [2]string{fs[0].Value.Text(), fs[1].Value.Text()})
		}
	}
	return out
}

// encodeToken encodes a streaming token as the callback's argument, with
// the type the canister's own answer gave it: re-encoding with a guessed
// type (the asset canister's record, say) breaks canisters whose tokens
// differ (dfinity/certified-assets#96).
func encodeToken(cb *streamCallback) ([]byte, error) {
	return candid.Encode([]*candid.Type{cb.TokenType}, []candid.Value{cb.Token})
}
