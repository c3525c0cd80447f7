package candid

import (
	"encoding/hex"
	"testing"
)

// BenchmarkDecodeHTTPRequest decodes the HttpRequest of PROTOCOL.md §9.
func BenchmarkDecodeHTTPRequest(b *testing.B) {
	ts := httpMethod(b).Args()
	msg, _ := hex.DecodeString(httpRequestHex)
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(msg, ts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeHTTPRequest encodes the same request.
func BenchmarkEncodeHTTPRequest(b *testing.B) {
	ts := httpMethod(b).Args()
	msg, _ := hex.DecodeString(httpRequestHex)
	vs, err := Decode(msg, ts)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(ts, vs); err != nil {
			b.Fatal(err)
		}
	}
}
