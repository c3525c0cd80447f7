package wire

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
)

// Golden encodings, derived by hand from the Candid specification
// (dfinity/candid spec/Candid.md § Binary Format; PROTOCOL.md §9):
//
//	message = "DIDL" leb(#table) T* leb(#args) I(arg)* M(value)*
//
// The type table lists composite types after their components (the order
// our encoder uses; any order is valid Candid), records' fields by
// increasing id, id = Σ utf8(name)[i]·223^(k−i) mod 2^32. The ids used
// below (decimal, then ULEB128):
//
//	batch_id           1309252224  80 b5 a6 f0 04
//	permission           97415439  8f e2 b9 2e
//	Prepare              86948199  (variant case 0: smallest id)
//	ManagePermissions  2556481023  (case 1)
//	Commit             4223853591  (case 2)
//	key                   5343647  9f 93 c6 02
//	sha256              486188135  e7 c8 ea e7 01
//	index              3189021458  92 b6 d2 f0 0b
//	content_encoding   3425830873  d9 8f c8 e1 0c
//	token               338395897  f9 85 ae a1 01
//	callback           2131139013  c5 b3 9a f8 07
//	Callback           1488475621  e5 ab e1 c5 05
//	body               1092319906  a2 f5 ed 88 04
//	headers            1661489734  c6 a4 a1 98 06
//	upgrade            1664201884  9c e9 c6 99 06
//	streaming_strategy 3427158832  b0 96 99 e2 0c
//	status_code        3475804314  9a a1 b2 f9 0c
var goldens = []struct {
	name   string
	encode func() ([]byte, error)
	decode func([]byte) (any, error)
	value  any
	hex    string // spaces for reading only
}{
	{
		// (record { batch_id = 1 }): T0 = record(6c) of 1 field
		// batch_id : nat(7d); one argument of type 0; nat 1 = 01.
		name:   "create_batch result",
		encode: func() ([]byte, error) { return CreateBatchMethod.EncodeResult(1) },
		decode: func(b []byte) (any, error) { return CreateBatchMethod.DecodeResult(b) },
		value:  uint64(1),
		hex:    "4449444c 01 6c01 80b5a6f004 7d 01 00 01",
	},
	{
		// (1 : nat16): no table; one argument of primitive type
		// nat16 (7a); 1 little-endian on 2 bytes.
		name:   "api_version result",
		encode: func() ([]byte, error) { return APIVersionMethod.EncodeResult(1) },
		decode: func(b []byte) (any, error) { return APIVersionMethod.DecodeResult(b) },
		value:  uint16(1),
		hex:    "4449444c 00 01 7a 0100",
	},
	{
		// (): no table, no arguments.
		name:   "take_ownership arguments",
		encode: func() ([]byte, error) { return TakeOwnershipMethod.EncodeArgs(struct{}{}) },
		decode: func(b []byte) (any, error) { return TakeOwnershipMethod.DecodeArgs(b) },
		value:  struct{}{},
		hex:    "4449444c 00 00",
	},
	{
		// (null : opt blob): T0 = vec(6d) nat8(7b), T1 = opt(6e) T0;
		// one argument of type 1; opt absent = 00.
		name:   "compute_evidence result none",
		encode: func() ([]byte, error) { return ComputeEvidenceMethod.EncodeResult(nil) },
		decode: func(b []byte) (any, error) { return ComputeEvidenceMethod.DecodeResult(b) },
		value:  []byte(nil),
		hex:    "4449444c 02 6d7b 6e00 01 01 00",
	},
	{
		// (opt blob "\ee\ff"): the same types; opt present = 01, then
		// the blob: leb(2) ee ff.
		name:   "compute_evidence result",
		encode: func() ([]byte, error) { return ComputeEvidenceMethod.EncodeResult([]byte{0xee, 0xff}) },
		decode: func(b []byte) (any, error) { return ComputeEvidenceMethod.DecodeResult(b) },
		value:  []byte{0xee, 0xff},
		hex:    "4449444c 02 6d7b 6e00 01 01 01 02 eeff",
	},
	{
		// (principal "…" of canister 7): principal is primitive (68);
		// the value is 01 (a reference), leb(10), then the 8-byte
		// big-endian canister index and the class bytes 01 01 (IC
		// interface specification, "Principals").
		name:   "authorize arguments",
		encode: func() ([]byte, error) { return AuthorizeMethod.EncodeArgs([]byte{0, 0, 0, 0, 0, 0, 0, 7, 1, 1}) },
		decode: func(b []byte) (any, error) { return AuthorizeMethod.DecodeArgs(b) },
		value:  []byte{0, 0, 0, 0, 0, 0, 0, 7, 1, 1},
		hex:    "4449444c 00 01 68 01 0a 00000000000000070101",
	},
	{
		// (record { permission = variant { Commit } }): T0 = variant(6b)
		// of 3 null(7f) cases in id order Prepare, ManagePermissions,
		// Commit; T1 = record { permission : T0 }; the value is the
		// case's index in T0, 2.
		name:   "list_permitted arguments",
		encode: func() ([]byte, error) { return ListPermittedMethod.EncodeArgs(ListPermitted{PermissionCommit}) },
		decode: func(b []byte) (any, error) { return ListPermittedMethod.DecodeArgs(b) },
		value:  ListPermitted{PermissionCommit},
		hex:    "4449444c 02 6b03 e7f2ba29 7f ff9b83c309 7f 97c88bde0f 7f 6c01 8fe2b92e 00 01 01 02",
	},
	{
		// A streamed answer. The table, in the order the encoder reaches
		// the types (HttpResponse's fields by id: body, headers, upgrade,
		// streaming_strategy, then status_code, a primitive):
		//   T0  blob                    6d 7b
		//   T1  record { text; text }   6c 02 00 71 01 71
		//   T2  vec T1                  6d 01
		//   T3  opt bool                6e 7e
		//     streaming_strategy → opt → variant → record { token; callback }
		//     (token's id is smaller) → StreamingCallbackToken, whose fields
		//     by id are key, sha256, index, content_encoding:
		//   T4  opt blob                6e 00
		//   T5  StreamingCallbackToken  6c 04 key 71, sha256 04, index 7d, content_encoding 71
		//     then callback's func type: argument T5, result opt record
		//     { token : opt T5; body : blob } (token first by id):
		//   T6  opt T5                  6e 05
		//   T7  record                  6c 02 token 06, body 00
		//   T8  opt T7                  6e 07
		//   T9  func (T5) -> (T8) query 6a 01 05 01 08 01 01
		//   T10 record                  6c 02 token 05, callback 09
		//   T11 variant { Callback }    6b 01 Callback 0a
		//   T12 opt T11                 6e 0b
		//   T13 HttpResponse            6c 05 body 00, headers 02, upgrade 03,
		//                               streaming_strategy 0c, status_code 7a
		// One argument, T13 (0d). The value, fields by id:
		//   body "hi"                   02 6869
		//   headers [("a","b")]         01 01 61 01 62
		//   upgrade null                00
		//   streaming_strategy          01 (present) 00 (case Callback), then
		//     token { key "/k"; sha256 null; index 1; content_encoding "gzip" }
		//                               02 2f6b 00 01 04 677a6970
		//     callback: 01 (a reference) 01 leb(10) <canister 7> then the
		//     method name, leb(31) "http_request_streaming_callback"
		//   status_code 200             c8 00
		name: "http_request result streaming",
		encode: func() ([]byte, error) {
			return HTTPRequestMethod.EncodeResult(goldenStreamed)
		},
		decode: func(b []byte) (any, error) { return HTTPRequestMethod.DecodeResult(b) },
		value:  goldenStreamed,
		hex: "4449444c 0e" +
			" 6d7b" +
			" 6c02 0071 0171" +
			" 6d01" +
			" 6e7e" +
			" 6e00" +
			" 6c04 9f93c602 71 e7c8eae701 04 92b6d2f00b 7d d98fc8e10c 71" +
			" 6e05" +
			" 6c02 f985aea101 06 a2f5ed8804 00" +
			" 6e07" +
			" 6a 01 05 01 08 01 01" +
			" 6c02 f985aea101 05 c5b39af807 09" +
			" 6b01 e5abe1c505 0a" +
			" 6e0b" +
			" 6c05 a2f5ed8804 00 c6a4a19806 02 9ce9c69906 03 b09699e20c 0c 9aa1b2f90c 7a" +
			" 01 0d" +
			" 02 6869" +
			" 01 01 61 01 62" +
			" 00" +
			" 01 00 02 2f6b 00 01 04 677a6970" +
			" 01 01 0a 00000000000000070101 1f " + hex.EncodeToString([]byte("http_request_streaming_callback")) +
			" c800",
	},
}

var goldenStreamed = HTTPResponse{
	StatusCode:     200,
	Headers:        []HeaderField{{"a", "b"}},
	Body:           []byte("hi"),
	StreamingToken: &StreamingCallbackToken{Key: "/k", ContentEncoding: "gzip", Index: 1},
	Callback:       []byte{0, 0, 0, 0, 0, 0, 0, 7, 1, 1},
}

// TestGoldenEncodings checks the hand-derived encodings both ways.
func TestGoldenEncodings(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.name, func(t *testing.T) {
			want, err := hex.DecodeString(strings.ReplaceAll(g.hex, " ", ""))
			if err != nil {
				t.Fatal(err)
			}
			got, err := g.encode()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("encoded\n%x\nwant\n%x", got, want)
			}
			v, err := g.decode(want)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(v, g.value) {
				t.Errorf("decoded %#v, want %#v", v, g.value)
			}
		})
	}
}

// The HttpRequest and HttpResponse examples of PROTOCOL.md §9: a gateway's
// request, and an answer of the gateway interface's smaller HttpResponse
// (no streaming_strategy).
const (
	protocolRequestHex  = "4449444c056c05efd6e40271e1edeb4a71a2f5ed880401c6a4a1980602b0f1b99806046d7b6d036c02007101716e7a01000b2f696e6465782e68746d6c03474554000106616363657074032a2f2a010200"
	protocolResponseHex = "4449444c056c04a2f5ed880401c6a4a19806029ce9c69906049aa1b2f90c7a6d7b6d036c02007101716e7e0100026869010c636f6e74656e742d747970650a746578742f706c61696e00c800"
)

// TestProtocolHTTPExamples decodes PROTOCOL.md §9's examples.
func TestProtocolHTTPExamples(t *testing.T) {
	b, _ := hex.DecodeString(protocolRequestHex)
	req, err := HTTPRequestMethod.DecodeArgs(b)
	if err != nil {
		t.Fatal(err)
	}
	wantReq := HTTPRequest{Method: "GET", URL: "/index.html", Headers: []HeaderField{{"accept", "*/*"}},
		Body: []byte{}, CertificateVersion: ptr[uint16](2)}
	if !reflect.DeepEqual(req, wantReq) {
		t.Errorf("request %#v, want %#v", req, wantReq)
	}
	b, _ = hex.DecodeString(protocolResponseHex)
	resp, err := HTTPRequestMethod.DecodeResult(b)
	if err != nil {
		t.Fatal(err)
	}
	wantResp := HTTPResponse{StatusCode: 200, Headers: []HeaderField{{"content-type", "text/plain"}}, Body: []byte("hi")}
	if !reflect.DeepEqual(resp, wantResp) {
		t.Errorf("response %#v, want %#v", resp, wantResp)
	}
}
