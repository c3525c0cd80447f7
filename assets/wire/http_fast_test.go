package wire

import (
	"bytes"
	"testing"
)

// genericHTTPResponse encodes without the hand-written path.
var genericHTTPResponse = one(httpResponse)

// sameAsGeneric checks that the hand-written encoding of r is the
// generic one, or that both refuse r.
func sameAsGeneric(t *testing.T, r HTTPResponse) {
	t.Helper()
	want, wantErr := genericHTTPResponse.encode(&r)
	got, err := HTTPRequestMethod.EncodeResult(r)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("error %v, generic path %v", err, wantErr)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("encoded\n%x\ngeneric path\n%x", got, want)
	}
	if _, ok := appendHTTPResponse(&r); ok != (wantErr == nil) {
		t.Fatalf("the fast path takes %#v: %v, generic error %v", r, ok, wantErr)
	}
}

// TestHTTPResponseFastPath compares the hand-written encoder with the
// generic one.
func TestHTTPResponseFastPath(t *testing.T) {
	long := make([]byte, 300)
	for _, tc := range []struct {
		name string
		r    HTTPResponse
	}{
		{"zero", HTTPResponse{}},
		{"plain", HTTPResponse{StatusCode: 200, Headers: sampleHeaders, Body: []byte("<html>")}},
		{"upgrade true", HTTPResponse{StatusCode: 200, Upgrade: ptr(true)}},
		{"upgrade false", HTTPResponse{StatusCode: 65535, Upgrade: ptr(false)}},
		{"long lengths", HTTPResponse{StatusCode: 200, Body: long, Headers: []HeaderField{{string(long), string(long)}}}},
		{"streaming", goldenStreamed},
		{"streaming with sha", HTTPResponse{StatusCode: 200, StreamingToken: &StreamingCallbackToken{
			Key: string(long), ContentEncoding: "br", Index: 1 << 63, SHA256: []byte{}}, Callback: []byte{}}},
		{"streaming, sha and callback", HTTPResponse{StreamingToken: &sampleToken, Callback: alice}},
		{"callback without token", HTTPResponse{Callback: alice}},
		{"bad header", HTTPResponse{Headers: []HeaderField{{"a", "\xff"}}}},
		{"bad header name", HTTPResponse{Headers: []HeaderField{{"\xc0", "a"}}}},
		{"bad key", HTTPResponse{StreamingToken: &StreamingCallbackToken{Key: "\xff"}, Callback: alice}},
		{"bad encoding", HTTPResponse{StreamingToken: &StreamingCallbackToken{ContentEncoding: "\xff"}, Callback: alice}},
		{"no callback", HTTPResponse{StreamingToken: &sampleToken}},
		{"long callback", HTTPResponse{StreamingToken: &sampleToken, Callback: make([]byte, 30)}},
	} {
		t.Run(tc.name, func(t *testing.T) { sameAsGeneric(t, tc.r) })
	}
}
