package wire

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"testing"
)

// roundTrip is the property every fuzz target checks: bytes that decode
// re-encode, the re-encoding decodes to the same Go value, and encoding
// that value again gives the same bytes.
func roundTrip[T any](t *testing.T, b []byte, dec func([]byte) (T, error), enc func(T) ([]byte, error)) {
	v, err := dec(b)
	if err != nil {
		return
	}
	e, err := enc(v)
	if err != nil {
		t.Fatalf("%x decodes to %#v, which does not encode: %v", b, v, err)
	}
	w, err := dec(e)
	if err != nil {
		t.Fatalf("re-encoding %x of %x does not decode: %v", e, b, err)
	}
	if !reflect.DeepEqual(v, w) {
		t.Fatalf("%x decodes to %#v, its re-encoding to %#v", b, v, w)
	}
	if e2, err := enc(w); err != nil || !bytes.Equal(e, e2) {
		t.Fatalf("encoding is not stable: %x then %x (%v)", e, e2, err)
	}
}

func (s sample[A, R]) seeds() [][]byte {
	a, _ := s.m.EncodeArgs(s.args)
	r, _ := s.m.EncodeResult(s.result)
	return [][]byte{a, r}
}

func (s sample[A, R]) fuzz(t *testing.T, b []byte, results bool) {
	if results {
		roundTrip(t, b, s.m.DecodeResult, s.m.EncodeResult)
	} else {
		roundTrip(t, b, s.m.DecodeArgs, s.m.EncodeArgs)
	}
}

func seedsOf(f *testing.F, method string) {
	for _, s := range samples {
		if s.name() == method {
			for _, b := range s.seeds() {
				f.Add(b)
			}
		}
	}
}

// FuzzDecode decodes arbitrary bytes as the arguments or results of any
// method (the method chosen by the first input).
func FuzzDecode(f *testing.F) {
	for i, s := range samples {
		for j, b := range s.seeds() {
			f.Add(uint8(i), j == 1, b)
		}
	}
	f.Fuzz(func(t *testing.T, i uint8, results bool, b []byte) {
		samples[int(i)%len(samples)].fuzz(t, b, results)
	})
}

func FuzzCommitBatchArgs(f *testing.F) {
	seedsOf(f, "commit_batch")
	f.Fuzz(func(t *testing.T, b []byte) {
		roundTrip(t, b, CommitBatchMethod.DecodeArgs, CommitBatchMethod.EncodeArgs)
	})
}

func FuzzCreateChunksArgs(f *testing.F) {
	seedsOf(f, "create_chunks")
	f.Fuzz(func(t *testing.T, b []byte) {
		roundTrip(t, b, CreateChunksMethod.DecodeArgs, CreateChunksMethod.EncodeArgs)
	})
}

func FuzzHTTPRequestArgs(f *testing.F) {
	seedsOf(f, "http_request")
	b, _ := hex.DecodeString(protocolRequestHex)
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		roundTrip(t, b, HTTPRequestMethod.DecodeArgs, HTTPRequestMethod.EncodeArgs)
	})
}

// FuzzHTTPRequestResult is the client side of http_request, which reads
// the streaming strategy's func reference; what decodes also checks the
// hand-written encoder against the generic one.
func FuzzHTTPRequestResult(f *testing.F) {
	seedsOf(f, "http_request")
	b, _ := hex.DecodeString(protocolResponseHex)
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		roundTrip(t, b, HTTPRequestMethod.DecodeResult, HTTPRequestMethod.EncodeResult)
		if r, err := HTTPRequestMethod.DecodeResult(b); err == nil {
			sameAsGeneric(t, r)
		}
	})
}

func FuzzStreamingCallbackArgs(f *testing.F) {
	seedsOf(f, "http_request_streaming_callback")
	f.Fuzz(func(t *testing.T, b []byte) {
		roundTrip(t, b, HTTPRequestStreamingCallbackMethod.DecodeArgs, HTTPRequestStreamingCallbackMethod.EncodeArgs)
	})
}

func FuzzCanisterArgs(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("DIDL\x00\x00"))
	for _, a := range []*CanisterArgs{nil, {Init: &InitArgs{}},
		{Upgrade: &UpgradeArgs{SetPermissions: &SetPermissions{Prepare: [][]byte{alice}, Commit: [][]byte{}, ManagePermissions: [][]byte{bob}}}}} {
		b, _ := EncodeCanisterArgs(a)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := DecodeCanisterArgs(b)
		if err != nil || a == nil {
			return
		}
		roundTrip(t, b, DecodeCanisterArgs, EncodeCanisterArgs)
	})
}
