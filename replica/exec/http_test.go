package exec

import (
	"bytes"
	"sort"
	"testing"
)

// idlHash is Candid's field-name hash.
func idlHash(s string) uint32 {
	var h uint32
	for _, c := range []byte(s) {
		h = h*223 + uint32(c)
	}
	return h
}

// candidHTTPRequest encodes the gateway's HttpRequest record by hand:
// record { method: text; url: text; headers: vec record { text; text };
// body: blob; certificate_version: opt nat16 } with empty headers and body
// and no certificate version.
func candidHTTPRequest(method, url string) []byte {
	type field struct {
		name  string
		typ   byte // index into the type table or a primitive code
		value []byte
	}
	fields := []field{
		{"method", 0x71, append([]byte{byte(len(method))}, method...)},
		{"url", 0x71, append([]byte{byte(len(url))}, url...)},
		{"headers", 1, []byte{0}},             // vec of length 0
		{"body", 3, []byte{0}},                // blob of length 0
		{"certificate_version", 4, []byte{0}}, // opt: none
	}
	sort.Slice(fields, func(i, j int) bool { return idlHash(fields[i].name) < idlHash(fields[j].name) })
	b := []byte("DIDL\x05")
	b = append(b, 0x6c, byte(len(fields)))
	for _, f := range fields {
		b = append(b, leb(uint64(idlHash(f.name)))...)
		b = append(b, f.typ)
	}
	b = append(b, 0x6d, 2)                   // 1: vec 2
	b = append(b, 0x6c, 2, 0, 0x71, 1, 0x71) // 2: record { text; text }
	b = append(b, 0x6d, 0x7b)                // 3: vec nat8
	b = append(b, 0x6e, 0x7a)                // 4: opt nat16
	b = append(b, 1, 0)                      // one argument of type 0
	for _, f := range fields {
		b = append(b, f.value...)
	}
	return b
}

// TestHTTPRequest: the gateway's http_request query returns a Candid
// HttpResponse; http_request_update changes state.
func TestHTTPRequest(t *testing.T) {
	e := newTestEngine(t, Config{})
	cn := installed(t, e, "http")
	r := mustQuery(t, cn, "http_request", candidHTTPRequest("GET", "/index.html"))
	if r.Reject != nil || !bytes.HasPrefix(r.Reply, []byte("DIDL")) ||
		!bytes.Contains(r.Reply, []byte("Hello from /index.html</h1><p>hits: 0")) ||
		!bytes.Contains(r.Reply, []byte("text/html; charset=utf-8")) {
		t.Fatalf("reply %q reject %v", r.Reply, r.Reject)
	}
	if r := mustUpdate(t, cn, "http_request_update", candidHTTPRequest("POST", "/update")); r.Reject != nil || !bytes.Contains(r.Reply, []byte("hits: 1")) {
		t.Fatalf("update reply %q reject %v", r.Reply, r.Reject)
	}
	if r := mustQuery(t, cn, "http_request", candidHTTPRequest("GET", "/")); !bytes.Contains(r.Reply, []byte("hits: 1")) {
		t.Fatalf("reply after update %q", r.Reply)
	}
}
