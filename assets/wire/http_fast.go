package wire

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Every page view encodes an HttpResponse, and most of what the generic
// path spends goes into laying out the same type table again. The table
// depends only on the type, so it is laid out once (by candid.Encode, from
// the zero response) and the values are appended by hand after it, in the
// order and format the generic path uses (PROTOCOL.md §9: fields by id,
// nat and lengths as ULEB128, nat16 little-endian). Responses the fast
// path does not vouch for (text that is not UTF-8, a streaming answer
// without a valid callback principal) go the generic way, which reports
// the error; the tests check that both paths give the same bytes.

// httpResponseHeader is "DIDL", the type table and the argument types of
// (HttpResponse).
var httpResponseHeader = func() []byte {
	b, err := one(httpResponse).encode(&HTTPResponse{})
	// The zero response's value: body "", headers [], upgrade null,
	// streaming_strategy null (00 each), status_code 0 (00 00).
	zero := []byte{0, 0, 0, 0, 0, 0}
	if err != nil || !bytes.HasSuffix(b, zero) {
		panic("wire: the zero HttpResponse does not encode as expected")
	}
	return b[:len(b)-len(zero)]
}()

// appendHTTPResponse encodes r as (HttpResponse); ok is false if r must
// take the generic path.
func appendHTTPResponse(r *HTTPResponse) (b []byte, ok bool) {
	if !fastEncodable(r) {
		return nil, false
	}
	n := len(httpResponseHeader) + len(r.Body) + 64
	for _, h := range r.Headers {
		n += len(h.Name) + len(h.Value) + 20
	}
	if t := r.StreamingToken; t != nil {
		n += len(t.Key) + len(t.ContentEncoding) + len(t.SHA256) + len(r.Callback) + len(callbackMethod) + 64
	}
	b = append(make([]byte, 0, n), httpResponseHeader...)
	// Fields in id order: body, headers, upgrade, streaming_strategy,
	// status_code.
	b = appendBytes(b, r.Body)
	b = binary.AppendUvarint(b, uint64(len(r.Headers)))
	for _, h := range r.Headers {
		b = appendBytes(b, h.Name)
		b = appendBytes(b, h.Value)
	}
	if r.Upgrade == nil {
		b = append(b, 0)
	} else if *r.Upgrade {
		b = append(b, 1, 1)
	} else {
		b = append(b, 1, 0)
	}
	if t := r.StreamingToken; t == nil {
		b = append(b, 0)
	} else {
		// opt present, variant case 0 (Callback), then the record
		// { token; callback } by id: token first.
		b = append(b, 1, 0)
		b = appendToken(b, t)
		b = append(b, 1, 1) // a func reference, its service a reference
		b = appendBytes(b, r.Callback)
		b = appendBytes(b, callbackMethod)
	}
	return binary.LittleEndian.AppendUint16(b, r.StatusCode), true
}

// appendToken appends a StreamingCallbackToken, fields by id: key, sha256,
// index, content_encoding.
func appendToken(b []byte, t *StreamingCallbackToken) []byte {
	b = appendBytes(b, t.Key)
	if t.SHA256 == nil {
		b = append(b, 0)
	} else {
		b = appendBytes(append(b, 1), t.SHA256)
	}
	b = binary.AppendUvarint(b, t.Index)
	return appendBytes(b, t.ContentEncoding)
}

// appendBytes appends a text or blob: its length as ULEB128, then it.
func appendBytes[S ~string | ~[]byte](b []byte, s S) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// fastEncodable reports whether the generic path would encode r without
// an error.
func fastEncodable(r *HTTPResponse) bool {
	for _, h := range r.Headers {
		if !utf8.ValidString(h.Name) || !utf8.ValidString(h.Value) {
			return false
		}
	}
	t := r.StreamingToken
	return t == nil || r.Callback != nil && len(r.Callback) <= principal.MaxLength &&
		utf8.ValidString(t.Key) && utf8.ValidString(t.ContentEncoding)
}
