package gateway

import (
	"encoding/hex"
	"testing"
)

// FuzzDecodeResponse: no canister answer makes the decoders panic, and a
// decoded streaming token always re-encodes with its own type.
func FuzzDecodeResponse(f *testing.F) {
	n := fakeNet(f)
	s := newFakeSite(f, n)
	for _, target := range []string{"/", "/big", "/v1.css"} {
		f.Add(s.call("http_request", mustEncode(f, &canisterRequest{Method: "GET", URL: target})))
	}
	f.Add(s.callback(mustEncodeToken(f)))
	min, _ := hex.DecodeString("4449444c056c04a2f5ed880401c6a4a19806029ce9c69906049aa1b2f90c7a6d7b6d036c02007101716e7e0100026869010c636f6e74656e742d747970650a746578742f706c61696e00c800")
	f.Add(min)
	f.Fuzz(func(t *testing.T, b []byte) {
		if r, err := decodeResponse(b); err == nil && r.Stream != nil {
			if _, err := encodeToken(r.Stream); err != nil {
				t.Fatalf("token does not re-encode: %v", err)
			}
		}
		if _, next, err := decodeCallbackResponse(b); err == nil && next != nil {
			if _, err := encodeToken(next); err != nil {
				t.Fatalf("next token does not re-encode: %v", err)
			}
		}
	})
}

func mustEncodeToken(f testing.TB) []byte {
	b, err := encodeToken(&streamCallback{Token: fakeToken("/big", 1), TokenType: fakeTokenType})
	must(f, err)
	return b
}
