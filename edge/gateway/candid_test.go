package gateway

import (
	"encoding/hex"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/candid"
)

// TestEncodeHttpRequestVector checks the HttpRequest encoding against the
// example of PROTOCOL.md §9: the same values in the same bytes (a type
// table may list its entries in another order).
func TestEncodeHttpRequestVector(t *testing.T) {
	r := canisterRequest{Method: "GET", URL: "/index.html", Headers: [][2]string{{"accept", "*/*"}}}
	b, err := r.encodeQuery()
	must(t, err)
	const want = "4449444c056c05efd6e40271e1edeb4a71a2f5ed880401c6a4a1980602b0f1b99806046d7b6d036c02007101716e7a01000b2f696e6465782e68746d6c03474554000106616363657074032a2f2a010200"
	const values = "0b2f696e6465782e68746d6c03474554000106616363657074032a2f2a010200"
	if !strings.HasSuffix(hex.EncodeToString(b), values) {
		t.Errorf("values of %x differ from %s", b, values)
	}
	wb, _ := hex.DecodeString(want)
	got, err := candid.Decode(b, []*candid.Type{httpRequestType})
	must(t, err)
	exp, err := candid.Decode(wb, []*candid.Type{httpRequestType})
	must(t, err)
	if !got[0].Equal(exp[0]) {
		t.Errorf("got %s, want %s", got[0], exp[0])
	}
}

// TestDecodeMinimalResponse decodes PROTOCOL.md §9's HttpResponse without
// streaming_strategy (subtyping: the field is optional).
func TestDecodeMinimalResponse(t *testing.T) {
	b, _ := hex.DecodeString("4449444c056c04a2f5ed880401c6a4a19806029ce9c69906049aa1b2f90c7a6d7b6d036c02007101716e7e0100026869010c636f6e74656e742d747970650a746578742f706c61696e00c800")
	r, err := decodeResponse(b)
	must(t, err)
	if r.Status != 200 || string(r.Body) != "hi" || r.Upgrade || r.Stream != nil || len(r.Headers) != 1 || r.Headers[0] != [2]string{"content-type", "text/plain"} {
		t.Fatalf("%+v", r)
	}
}

// TestCallbackResponseOpt accepts the 2024 callback result type, an opt
// StreamingCallbackHttpResponse (PROTOCOL.md §11 D4), and keeps the token
// with the answer's own type.
func TestCallbackResponseOpt(t *testing.T) {
	tok := candid.Vec(candid.Nat64)
	resp := candid.Record(candid.NamedField("body", candid.Blob), candid.NamedField("token", candid.Opt(tok)))
	v := candid.OptValue(candid.RecordValue(candid.NamedValue("body", candid.BlobValue([]byte("xy"))),
		candid.NamedValue("token", candid.OptValue(candid.VecValue(candid.FixedNatValue(candid.KindNat64, 7))))))
	b, err := candid.Encode([]*candid.Type{candid.Opt(resp)}, []candid.Value{v})
	must(t, err)
	body, next, err := decodeCallbackResponse(b)
	must(t, err)
	if string(body) != "xy" || next == nil {
		t.Fatalf("body %q next %v", body, next)
	}
	arg, err := encodeToken(next)
	must(t, err)
	if vs, err := candid.Decode(arg, []*candid.Type{tok}); err != nil || vs[0].Elems()[0].Uint64() != 7 {
		t.Fatalf("token %x: %v", arg, err)
	}
	null, err := candid.Encode([]*candid.Type{candid.Opt(resp)}, []candid.Value{candid.NoneValue()})
	must(t, err)
	if body, next, err := decodeCallbackResponse(null); err != nil || body != nil || next != nil {
		t.Fatalf("opt null: %q %v %v", body, next, err)
	}
}

func TestWantsHTML(t *testing.T) {
	for accept, want := range map[string]bool{
		"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8": true,
		"*/*":                               false,
		"":                                  false,
		"application/json":                  false,
		"application/json, text/html;q=0.5": false,
		"text/html;q=0.9, application/json;q=0.9": true,
		"text/html;q=0": false,
	} {
		if got := wantsHTML([]string{accept}); got != want {
			t.Errorf("%q: %v", accept, got)
		}
	}
}

func TestRequestHeaders(t *testing.T) {
	req := httptest.NewRequest("GET", "/p?q=1", nil)
	req.Host = "x.localhost:8443"
	req.Header.Set("Accept-Encoding", "gzip, br")
	req.Header.Set("Connection", "X-Secret")
	req.Header.Set("X-Secret", "1")
	req.Header.Set("Te", "trailers")
	req.Header.Add("Cookie", "a=1")
	req.Header.Add("Cookie", "b=2")
	hs, c := requestHeaders(req)
	if c != nil {
		t.Fatal(c)
	}
	want := [][2]string{{"Host", "x.localhost:8443"}, {"Accept-Encoding", "gzip, br, identity"}, {"Cookie", "a=1"}, {"Cookie", "b=2"}}
	if len(hs) != len(want) {
		t.Fatalf("%v", hs)
	}
	for i := range want {
		if hs[i] != want[i] {
			t.Fatalf("%v, want %v", hs, want)
		}
	}
	if withIdentity([]string{"gzip;q=1.0, identity;q=0.5"}) != "gzip;q=1.0, identity;q=0.5" {
		t.Error("identity added twice")
	}
}
