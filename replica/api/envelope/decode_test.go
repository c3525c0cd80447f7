package envelope

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// callEntries lists a call content map from entries; base fields first.
func callEntries() []kv {
	return []kv{
		{"request_type", text("call")},
		{"sender", blob([]byte{4})},
		{"ingress_expiry", nat(testExpiry)},
		{"canister_id", blob(testCanID.Bytes())},
		{"method_name", text("greet")},
		{"arg", blob([]byte("DIDL\x00\x00"))},
	}
}

func envelopeOf(content []byte, extra ...kv) []byte {
	return append([]byte{0xd9, 0xd9, 0xf7}, mp(append([]kv{{"content", content}}, extra...)...)...)
}

func replace(fs []kv, key string, v []byte) []kv {
	out := append([]kv(nil), fs...)
	for i := range out {
		if out[i].k == key {
			out[i].v = v
			return out
		}
	}
	return append(out, kv{key, v})
}

func without(fs []kv, key string) []kv {
	var out []kv
	for _, f := range fs {
		if f.k != key {
			out = append(out, f)
		}
	}
	return out
}

func delegationEntry(extra ...kv) []byte {
	d := append([]kv{{"pubkey", blob(newTestKey("d").der)}, {"expiration", nat(1)}}, extra...)
	return mp(kv{"delegation", mp(d...)}, kv{"signature", blob(make([]byte, 64))})
}

func repeat(item []byte, n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = item
	}
	return out
}

// TestDecodeCBOREncoding checks § CBOR encoding of requests: every
// malformed body is a 400 wrapping ErrMalformed.
func TestDecodeCBOREncoding(t *testing.T) {
	good := callEntries()
	read := []kv{{"request_type", text("read_state")}, {"sender", blob([]byte{4})}, {"ingress_expiry", nat(testExpiry)},
		{"paths", arr(arr(blob([]byte("time"))))}}
	for name, body := range map[string][]byte{
		"spec example lacks sender and expiry": envelopeOf(mp(kv{"request_type", text("call")}, kv{"canister_id", blob([]byte{0xab, 0xcd, 0x01})},
			kv{"method_name", text("say_hello")}, kv{"arg", blob([]byte("\x00asm\x01\x00\x00\x00"))}),
			kv{"sender_sig", blob([]byte{0xde, 0xad, 0xbe, 0xef})}, kv{"sender_pubkey", blob(make([]byte, 32))}),
		"empty":                     nil,
		"not a map":                 arr(),
		"no content":                mp(kv{"sender_sig", blob(nil)}),
		"content not a map":         envelopeOf(text("x")),
		"duplicate envelope key":    append([]byte{0xd9, 0xd9, 0xf7}, mp(kv{"content", mp(good...)}, kv{"content", mp(good...)})...),
		"duplicate content key":     envelopeOf(mp(append(good, kv{"arg", blob(nil)})...)),
		"unknown request_type":      envelopeOf(mp(replace(good, "request_type", text("update"))...)),
		"request_type not text":     envelopeOf(mp(replace(good, "request_type", blob([]byte("call")))...)),
		"missing request_type":      envelopeOf(mp(without(good, "request_type")...)),
		"missing sender":            envelopeOf(mp(without(good, "sender")...)),
		"missing ingress_expiry":    envelopeOf(mp(without(good, "ingress_expiry")...)),
		"missing canister_id":       envelopeOf(mp(without(good, "canister_id")...)),
		"missing method_name":       envelopeOf(mp(without(good, "method_name")...)),
		"missing arg":               envelopeOf(mp(without(good, "arg")...)),
		"missing paths":             envelopeOf(mp(without(read, "paths")...)),
		"sender as text":            envelopeOf(mp(replace(good, "sender", text("2vxsx-fae"))...)),
		"sender of 30 bytes":        envelopeOf(mp(replace(good, "sender", blob(make([]byte, 30)))...)),
		"canister_id of 30 bytes":   envelopeOf(mp(replace(good, "canister_id", blob(make([]byte, 30)))...)),
		"expiry negative":           envelopeOf(mp(replace(good, "ingress_expiry", []byte{0x20})...)),
		"expiry bignum":             envelopeOf(mp(replace(good, "ingress_expiry", append([]byte{0xc2}, blob([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0})...))...)),
		"expiry float":              envelopeOf(mp(replace(good, "ingress_expiry", []byte{0xfa, 0, 0, 0, 0})...)),
		"nonce of 33 bytes":         envelopeOf(mp(append(good, kv{"nonce", blob(make([]byte, 33))})...)),
		"method_name bad utf-8":     envelopeOf(mp(replace(good, "method_name", []byte{0x61, 0xff})...)),
		"unknown content field":     envelopeOf(mp(append(good, kv{"extra", nat(1)})...)),
		"paths in a call":           envelopeOf(mp(append(good, kv{"paths", arr()})...)),
		"arg in read_state":         envelopeOf(mp(append(read, kv{"arg", blob(nil)})...)),
		"sender_info in read_state": envelopeOf(mp(append(read, kv{"sender_info", mp(kv{"info", blob(nil)}, kv{"signer", blob(nil)}, kv{"sig", blob(nil)})})...)),
		"sender_info missing sig":   envelopeOf(mp(append(good, kv{"sender_info", mp(kv{"info", blob(nil)}, kv{"signer", blob(nil)})})...)),
		"sender_info unknown field": envelopeOf(mp(append(good, kv{"sender_info", mp(kv{"info", blob(nil)}, kv{"signer", blob(nil)}, kv{"sig", blob(nil)}, kv{"x", blob(nil)})})...)),
		"1001 paths":                envelopeOf(mp(replace(read, "paths", arr(repeat(arr(), 1001)...))...)),
		"path of 128 labels":        envelopeOf(mp(replace(read, "paths", arr(arr(repeat(blob(nil), 128)...)))...)),
		"path label as text":        envelopeOf(mp(replace(read, "paths", arr(arr(text("time"))))...)),
		"21 delegations":            envelopeOf(mp(good...), kv{"sender_delegation", arr(repeat(delegationEntry(), 21)...)}),
		"1001 targets":              envelopeOf(mp(good...), kv{"sender_delegation", arr(delegationEntry(kv{"targets", arr(repeat(blob(testCanID.Bytes()), 1001)...)}))}),
		"target of 30 bytes":        envelopeOf(mp(good...), kv{"sender_delegation", arr(delegationEntry(kv{"targets", arr(blob(make([]byte, 30)))}))}),
		"unknown delegation field":  envelopeOf(mp(good...), kv{"sender_delegation", arr(delegationEntry(kv{"extra", nat(1)}))}),
		"empty permissions":         envelopeOf(mp(good...), kv{"sender_delegation", arr(delegationEntry(kv{"permissions", text("")}))}),
		"delegation missing sig":    envelopeOf(mp(good...), kv{"sender_delegation", arr(mp(kv{"delegation", mp(kv{"pubkey", blob(nil)}, kv{"expiration", nat(1)})}))}),
		"delegation missing expiry": envelopeOf(mp(good...), kv{"sender_delegation", arr(mp(kv{"delegation", mp(kv{"pubkey", blob(nil)})}, kv{"signature", blob(nil)}))}),
		"sender_sig as text":        envelopeOf(mp(good...), kv{"sender_sig", text("sig")}),
		"trailing bytes":            append(envelopeOf(mp(good...)), 0x00),
		"truncated":                 envelopeOf(mp(good...))[:40],
		"indefinite map":            {0xbf, 0xff},
	} {
		t.Run(name, func(t *testing.T) {
			env, err := Decode(body)
			var e *Error
			if !errors.As(err, &e) || e.Status != http.StatusBadRequest || !errors.Is(err, ErrMalformed) || env != nil {
				t.Fatalf("Decode = %v, %v; want a 400 ErrMalformed", env, err)
			}
		})
	}
}

func TestDecodeAccepts(t *testing.T) {
	good := callEntries()
	for name, body := range map[string][]byte{
		"tagged":                   envelopeOf(mp(good...)),
		"untagged":                 mp(kv{"content", mp(good...)}),
		"unknown envelope field":   envelopeOf(mp(good...), kv{"extra", arr(nat(1))}),
		"unknown signed-del field": envelopeOf(mp(good...), kv{"sender_delegation", arr(mp(kv{"delegation", mp(kv{"pubkey", blob(nil)}, kv{"expiration", nat(1)})}, kv{"signature", blob(nil)}, kv{"x", nat(0)}))}),
		"fields in any order":      envelopeOf(mp(good[5], good[3], good[1], good[0], good[4], good[2])),
	} {
		t.Run(name, func(t *testing.T) {
			env, err := Decode(body)
			if err != nil {
				t.Fatal(err)
			}
			if env.Content.Type != Call || env.Content.MethodName != "greet" || !env.Content.Sender.IsAnonymous() {
				t.Fatalf("content %+v", env.Content)
			}
		})
	}
}

// TestEncodeRoundTrip checks that Marshal output decodes to the same
// request id and re-encodes to the same bytes, for every request shape.
func TestEncodeRoundTrip(t *testing.T) {
	k, d := newTestKey("a"), newTestKey("b")
	call := callContent()
	call.Nonce = []byte{}
	call.SenderInfo = &SenderInfo{Info: []byte{1}, Signer: testCanID, Sig: []byte{}}
	query := callContent()
	query.Type = Query
	rs := Content{Type: ReadState, IngressExpiry: testExpiry, Nonce: []byte{9}, Paths: [][][]byte{{}, {[]byte("time")}, {[]byte{}, []byte("x")}}}
	for name, env := range map[string]*Envelope{
		"anonymous call": {Content: callContent()},
		"signed call":    signed(call, k, k),
		"delegated query": signed(query, k, d,
			delegate(k, d, testNow.Add(time.Hour), []principal.Principal{testCanID, principal.Management}, PermissionsQueries)),
		"read_state":  signed(rs, k, k),
		"empty chain": {Content: callContent(), SenderDelegation: []SignedDelegation{}},
	} {
		t.Run(name, func(t *testing.T) {
			b := env.Marshal()
			got, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			if got.Content.RequestID() != env.Content.RequestID() {
				t.Fatal("request id changed")
			}
			if again := got.Marshal(); !bytes.Equal(again, b) {
				t.Fatalf("re-encoding differs:\n%x\n%x", b, again)
			}
			if (got.SenderDelegation == nil) != (env.SenderDelegation == nil) {
				t.Fatal("presence of sender_delegation lost")
			}
		})
	}
}

func FuzzDecodeEnvelope(f *testing.F) {
	k, d := newTestKey("a"), newTestKey("b")
	f.Add(signed(callContent(), k, k).Marshal())
	f.Add(signed(callContent(), k, d, delegate(k, d, testNow.Add(time.Hour), []principal.Principal{testCanID}, PermissionsAll)).Marshal())
	f.Add((&Envelope{Content: Content{Type: ReadState, IngressExpiry: 1, Paths: [][][]byte{{[]byte("time")}}}}).Marshal())
	f.Add(envelopeOf(mp(callEntries()...), kv{"sender_delegation", arr(delegationEntry(kv{"targets", arr()}))}))
	f.Fuzz(func(t *testing.T, b []byte) {
		env, err := Decode(b)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Status != http.StatusBadRequest {
				t.Fatalf("decode error without a 400: %v", err)
			}
			return
		}
		again, err := Decode(env.Marshal())
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if again.Content.RequestID() != env.Content.RequestID() {
			t.Fatal("request id changed by a round trip")
		}
		for _, ep := range []RequestType{Call, Query, ReadState} {
			_, err := Verify(env, Options{Now: testNow, Endpoint: ep, EffectiveCanisterID: testCanID})
			var e *Error
			if err != nil && (!errors.As(err, &e) || strings.TrimSpace(e.Message) == "") {
				t.Fatalf("verify error without status: %v", err)
			}
		}
	})
}
