package httpapi

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/replica/api/candid"
)

// candidArg encodes one argument given as Candid text with its type.
func candidArg(t testing.TB, typ, value string) []byte {
	types, err := candid.ParseTypes(typ)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := candid.ParseArgs(value)
	if err != nil {
		t.Fatal(err)
	}
	b, err := candid.Encode(types, vals)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeCBOR decodes a self-describing CBOR response into maps, slices,
// strings, []byte and uint64, failing on anything else.
func decodeCBOR(t testing.TB, b []byte) map[string]any {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0xd9, 0xd9, 0xf7}) {
		t.Fatalf("response does not start with the self-describe tag: %x", b)
	}
	r := cbor.NewReader(b)
	r.SkipSelfDescribe()
	v, err := decodeValue(r)
	if err == nil {
		err = r.End()
	}
	if err != nil {
		t.Fatalf("decoding %x: %v", b, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("response is a %T, not a map", v)
	}
	return m
}

func decodeValue(r *cbor.Reader) (any, error) {
	major, err := r.PeekMajor()
	if err != nil {
		return nil, err
	}
	switch major {
	case cbor.MajorUint:
		return r.Uint()
	case cbor.MajorBytes:
		return r.Bytes()
	case cbor.MajorText:
		return r.Text()
	case cbor.MajorArray:
		n, err := r.ArrayLen()
		if err != nil {
			return nil, err
		}
		out := make([]any, n)
		for i := range out {
			if out[i], err = decodeValue(r); err != nil {
				return nil, err
			}
		}
		return out, nil
	case cbor.MajorMap:
		m := map[string]any{}
		err := r.Fields(func(key string) error {
			v, err := decodeValue(r)
			m[key] = v
			return err
		})
		return m, err
	}
	return nil, fmt.Errorf("unexpected major type %d", major)
}

// wantText checks a plain-text refusal.
func wantText(t testing.TB, resp *http.Response, body []byte, status int, substr string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d; body %q", resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q, want text/plain", ct)
	}
	if !strings.Contains(string(body), substr) {
		t.Errorf("body %q does not contain %q", body, substr)
	}
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
