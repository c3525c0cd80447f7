package wire

import (
	"encoding/hex"
	"testing"
)

// The hot path of every page view: decode a gateway's request, encode the
// answer.

// BenchmarkHTTPRequestDecodeArgs decodes a browser-like request.
func BenchmarkHTTPRequestDecodeArgs(b *testing.B) {
	msg, err := HTTPRequestMethod.EncodeArgs(HTTPRequest{Method: "GET", URL: "/assets/app.js?v=3",
		Headers: []HeaderField{
			{"host", "example.icp0.io"}, {"accept", "*/*"}, {"accept-encoding", "gzip, deflate, br"},
			{"user-agent", "Mozilla/5.0"}, {"accept-language", "en"}, {"referer", "https://example.icp0.io/"},
		},
		Body: []byte{}, CertificateVersion: ptr[uint16](2)})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HTTPRequestMethod.DecodeArgs(msg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTTPRequestDecodeArgsProtocol decodes PROTOCOL.md §9's request.
func BenchmarkHTTPRequestDecodeArgsProtocol(b *testing.B) {
	msg, _ := hex.DecodeString(protocolRequestHex)
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HTTPRequestMethod.DecodeArgs(msg); err != nil {
			b.Fatal(err)
		}
	}
}

var benchHeaders = []HeaderField{
	{"content-type", "text/javascript"}, {"content-encoding", "gzip"}, {"cache-control", "public, max-age=604800"},
	{"ic-certificate", "certificate=:" + string(make([]byte, 1100)) + ":, tree=:" + string(make([]byte, 300)) + ":, version=2, expr_path=:2dn3g2lodHRwX2V4cHJjPCo+:"},
	{"ic-certificateexpression", "default_certification(ValidationArgs{certification:Certification{no_request_certification:Empty{},response_certification:ResponseCertification{certified_response_headers:ResponseHeaderList{headers:[\"content-type\",\"content-encoding\",\"cache-control\"]}}}})"},
}

// BenchmarkHTTPRequestEncodeResult encodes a certified 16 KiB answer.
func BenchmarkHTTPRequestEncodeResult(b *testing.B) {
	benchEncode(b, HTTPResponse{StatusCode: 200, Headers: benchHeaders, Body: make([]byte, 16<<10)})
}

// BenchmarkHTTPRequestEncodeResultStreaming encodes the first chunk of a
// streamed answer.
func BenchmarkHTTPRequestEncodeResultStreaming(b *testing.B) {
	benchEncode(b, HTTPResponse{StatusCode: 200, Headers: benchHeaders, Body: make([]byte, 1900<<10),
		StreamingToken: &sampleToken, Callback: canisterID})
}

func benchEncode(b *testing.B, r HTTPResponse) {
	b.SetBytes(int64(len(r.Body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HTTPRequestMethod.EncodeResult(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCommitBatchDecodeArgs decodes a batch of 100 assets.
func BenchmarkCommitBatchDecodeArgs(b *testing.B) {
	var ops []BatchOperation
	for range 50 {
		ops = append(ops, allOperations[0], allOperations[2])
	}
	msg, err := CommitBatchMethod.EncodeArgs(CommitBatchArguments{BatchID: 1, Operations: ops})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CommitBatchMethod.DecodeArgs(msg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTTPResponseGeneric encodes the answer of
// BenchmarkHTTPRequestEncodeResult without the hand-written path, for
// comparison.
func BenchmarkHTTPResponseGeneric(b *testing.B) {
	r := HTTPResponse{StatusCode: 200, Headers: benchHeaders, Body: make([]byte, 16<<10)}
	b.SetBytes(int64(len(r.Body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := genericHTTPResponse.encode(&r); err != nil {
			b.Fatal(err)
		}
	}
}
