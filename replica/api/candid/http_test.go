package candid

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// The HTTP gateway types of PROTOCOL.md §8.1/§9, without streaming.
const httpDid = `
type HeaderField = record { text; text; };
type HttpRequest = record {
  method : text;
  url : text;
  headers : vec HeaderField;
  body : blob;
  certificate_version : opt nat16;
};
type HttpResponse = record {
  status_code : nat16;
  headers : vec HeaderField;
  body : blob;
  upgrade : opt bool;
};
service : {
  http_request : (request : HttpRequest) -> (HttpResponse) query;
  http_request_update : (HttpRequest) -> (HttpResponse);
}
`

// Encodings from PROTOCOL.md §9 (type table in Rust's pre-order layout).
const (
	httpRequestHex  = "4449444c056c05efd6e40271e1edeb4a71a2f5ed880401c6a4a1980602b0f1b99806046d7b6d036c02007101716e7a01000b2f696e6465782e68746d6c03474554000106616363657074032a2f2a010200"
	httpResponseHex = "4449444c056c04a2f5ed880401c6a4a19806029ce9c69906049aa1b2f90c7a6d7b6d036c02007101716e7e0100026869010c636f6e74656e742d747970650a746578742f706c61696e00c800"
)

func httpMethod(t testing.TB) *Type {
	d, err := ParseDid(httpDid)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := d.Method("http_request")
	if !ok || m.Mode() != Query {
		t.Fatalf("http_request missing or not a query: %v", m)
	}
	return m
}

// TestHTTPRequestEncoding (PROTOCOL.md §9) decodes the HttpRequest and
// HttpResponse examples, checks the fields, and re-encodes them: the bytes
// differ only in the order of the type table, so the lengths are equal and
// the re-encoding decodes to the same values.
func TestHTTPRequestEncoding(t *testing.T) {
	m := httpMethod(t)
	for _, tc := range []struct {
		name  string
		hex   string
		types []*Type
		want  string
	}{
		{"HttpRequest", httpRequestHex, m.Args(),
			`(record { url = "/index.html"; method = "GET"; body = blob ""; headers = vec { record { "accept"; "*/*" } }; certificate_version = opt 2 })`},
		{"HttpResponse", httpResponseHex, m.Results(),
			`(record { body = blob "hi"; headers = vec { record { "content-type"; "text/plain" } }; upgrade = null; status_code = 200 })`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := hex.DecodeString(tc.hex)
			got, err := Decode(b, tc.types)
			if err != nil {
				t.Fatal(err)
			}
			if s := FormatArgs(got); s != tc.want {
				t.Fatalf("decoded\n%s\nwant\n%s", s, tc.want)
			}
			want, err := ParseArgs(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			enc, err := Encode(tc.types, want)
			if err != nil {
				t.Fatal(err)
			}
			if len(enc) != len(b) {
				t.Errorf("re-encoding is %d bytes, want %d:\n%x", len(enc), len(b), enc)
			}
			back, err := Decode(enc, tc.types)
			if err != nil || !argsEqual(back, got) {
				t.Fatalf("re-encoding decodes to %s, %v", FormatArgs(back), err)
			}
			// The value section (after the type table) is canonical.
			if !bytes.HasSuffix(b, enc[len(enc)-valueLen(t, enc):]) {
				t.Errorf("value bytes differ:\n%x\n%x", enc, b)
			}
		})
	}
}

// valueLen returns the length of the value section of a message.
func valueLen(t *testing.T, b []byte) int {
	r := reader{b: b}
	if _, err := r.readHeader(); err != nil {
		t.Fatal(err)
	}
	return len(b) - r.pos
}

// TestFieldHashes checks the field ids of PROTOCOL.md §9.
func TestFieldHashes(t *testing.T) {
	for name, want := range map[string]uint32{
		"url": 5843823, "method": 156956385, "body": 1092319906, "headers": 1661489734,
		"certificate_version": 1661892784, "upgrade": 1664201884, "status_code": 3475804314,
		"streaming_strategy": 3427158832, "token": 338395897, "callback": 2131139013,
		"canister_id": 1313628723, "arg": 4849238, "amount": 3573748184, "foo": 5097222, "bar": 4895187,
	} {
		if got := Hash(name); got != want {
			t.Errorf("Hash(%q) = %d, want %d", name, got, want)
		}
	}
}
