package httpapi

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/identity"
)

// BenchmarkQueryHandler measures the HTTP layer's cost per query with an
// instant backend: body read, envelope decode and verification, effective
// id checks, response hashing, signing (Ed25519 in the fake backend) and
// CBOR encoding. No network: ServeHTTP with a recorder.
func BenchmarkQueryHandler(b *testing.B) {
	for _, tc := range []struct {
		name    string
		id      identity.Identity
		backend Backend
	}{
		// The HTTP layer alone: no request signature to check, and a
		// backend that does not really sign.
		{"anonymous-nosign", identity.Anonymous(), noSign{newFakeBackend()}},
		{"anonymous", identity.Anonymous(), newFakeBackend()},
		{"ed25519", user(b, 1), newFakeBackend()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			h := New(tc.backend, Options{})
			body, _ := signed(b, tc.id, callContent(envelope.Query, testCanister, "http_request", make([]byte, 256)))
			path := "/api/v3/canister/" + testCanister.String() + "/query"
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/cbor")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
				}
			}
		})
	}
}

// noSign is the fake backend with a free SignResponse, to measure the HTTP
// layer without the node's Ed25519 signature.
type noSign struct{ *fakeBackend }

func (noSign) SignResponse([]byte) []byte { return make([]byte, 64) }
