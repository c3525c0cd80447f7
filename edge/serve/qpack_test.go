package serve

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quic-go/qpack"
	"github.com/quic-go/quic-go/quicvarint"
)

// decodeSection decodes a field section with quic-go's QPACK decoder, the
// one its HTTP/3 client uses.
func decodeSection(t testing.TB, section []byte) []qpack.HeaderField {
	t.Helper()
	var out []qpack.HeaderField
	next := qpack.NewDecoder().Decode(section)
	for {
		f, err := next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out
			}
			t.Fatalf("decoding %x: %v", section, err)
		}
		out = append(out, f)
	}
}

// TestStaticTableAgreesWithDecoder refers to every entry of the static table
// and checks that a real decoder reads the same field.
func TestStaticTableAgreesWithDecoder(t *testing.T) {
	if len(qpackStatic) != 99 {
		t.Fatalf("%d entries, RFC 9204 Appendix A has 99", len(qpackStatic))
	}
	for i, e := range qpackStatic {
		got := decodeSection(t, appendIndexed([]byte{0, 0}, uint64(i)))
		if len(got) != 1 || got[0].Name != e.name || got[0].Value != e.value {
			t.Errorf("entry %d: table %q: %q, decoder %v", i, e.name, e.value, got)
		}
	}
}

// TestFieldSectionRoundTrip encodes headers of every kind (indexed, name
// reference, literal, long, statuses in and out of the table) and decodes
// them again.
func TestFieldSectionRoundTrip(t *testing.T) {
	long := strings.Repeat("x", 20000) // a length prefix of several bytes
	for _, status := range []int{200, 304, 404, 503, 100, 206, 418, 599, 999} {
		h := http.Header{
			"Content-Type":     {"text/html; charset=utf-8"}, // an entry
			"Cache-Control":    {"max-age=60"},               // a name
			"Ic-Certificate":   {long},                       // a literal
			"Set-Cookie":       {"a=1", "b=2"},
			"x-lowercase-name": {""},
			"X-Dropped":        {"bad\x00value"},
			"Connection":       {"close"},
			"Te":               {"gzip"},
		}
		frame := appendHeadersFrame(nil, status, h, nil)
		typ, n, err := quicvarint.Parse(frame)
		if err != nil || typ != frameHeaders {
			t.Fatalf("frame type %d %v", typ, err)
		}
		length, m, err := quicvarint.Parse(frame[n:])
		if err != nil || int(length) != len(frame)-n-m {
			t.Fatalf("frame length %d for %d bytes (%v)", length, len(frame)-n-m, err)
		}
		got := decodeSection(t, frame[n+m:])
		want := []qpack.HeaderField{
			{Name: ":status", Value: strconv.Itoa(status)},
			{Name: "content-type", Value: "text/html; charset=utf-8"},
			{Name: "cache-control", Value: "max-age=60"},
			{Name: "ic-certificate", Value: long},
			{Name: "set-cookie", Value: "a=1"},
			{Name: "set-cookie", Value: "b=2"},
			{Name: "x-lowercase-name", Value: ""},
		}
		sortFields(got[1:])
		sortFields(want[1:])
		if !slices.Equal(got, want) {
			t.Fatalf("status %d: decoded\n%.300v\nwant\n%.300v", status, got, want)
		}
	}
}

func sortFields(f []qpack.HeaderField) {
	slices.SortFunc(f, func(a, b qpack.HeaderField) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
}

// FuzzFieldSection: whatever the header map, the section decodes, and to
// exactly the fields that may be sent, with names lowercased.
func FuzzFieldSection(f *testing.F) {
	f.Add(200, "Content-Type", "text/html", "X-Custom", "v")
	f.Add(999, "cache-control", "no-store", "Bad Name", "x")
	f.Add(103, "Link", "</a>; rel=preload", "Keep-Alive", "5")
	f.Add(200, "A", strings.Repeat("é", 100), "Trailer:X", "1")
	f.Fuzz(func(t *testing.T, status int, k1, v1, k2, v2 string) {
		if status < 100 || status > 999 {
			status = 200
		}
		h := http.Header{k1: {v1}}
		h[k2] = append(h[k2], v2)
		var want []qpack.HeaderField
		for k, vs := range h {
			if !sendableField(k) {
				continue
			}
			for _, v := range vs {
				if validValue(v) && (strings.ToLower(k) != "te" || v == "trailers") {
					want = append(want, qpack.HeaderField{Name: strings.ToLower(k), Value: v})
				}
			}
		}
		got := decodeSection(t, appendFieldSection(nil, status, h, nil))
		if len(got) == 0 || got[0] != (qpack.HeaderField{Name: ":status", Value: strconv.Itoa(status)}) {
			t.Fatalf("status: %v", got)
		}
		got = got[1:]
		sortFields(got)
		sortFields(want)
		if !slices.Equal(got, want) {
			t.Fatalf("decoded %q, want %q", got, want)
		}
	})
}

// validValue is RFC 9110 §5.5 as net/http applies it: no control bytes
// but horizontal tab.
func validValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// BenchmarkFieldSection encodes the edge's answer to a cached certified
// page (the header block captured by deploy/bench/edge.sh, with a 1.9 KB
// IC-Certificate) with this encoder and with quic-go's.
func BenchmarkFieldSection(b *testing.B) {
	h := http.Header{
		"Age":                      {"0"},
		"Cache-Status":             {"threshold; hit"},
		"Content-Type":             {"text/html"},
		"Ic-Certificate":           {"certificate=:" + strings.Repeat("2dn3o2R0cmVlgwGDAYMCSGNhbmlzdGVy", 60) + ":, tree=:" + strings.Repeat("2dn3gwGDAkhodHRwX2V4cHI", 8) + ":, version=2, expr_path=:2dn3g2lodHRwX2V4cHBpbmRleC5odG1sYzxkPg==:"},
		"Ic-Certificateexpression": {"default_certification(ValidationArgs{certification:Certification{no_request_certification:Empty{},response_certification:ResponseCertification{certified_response_headers:ResponseHeaderList{headers:[\"content-type\"]}}}})"},
		"Vary":                     {"Accept-Encoding"},
		"X-Cache":                  {"HIT"},
		"Content-Length":           {"4096"},
		"Date":                     {"Mon, 23 Nov 2026 06:59:39 GMT"},
	}
	b.Run("threshold", func(b *testing.B) {
		var buf []byte
		b.ReportAllocs()
		for b.Loop() {
			buf = appendHeadersFrame(buf[:0], 200, h, nil)
		}
		b.ReportMetric(float64(len(buf)), "bytes")
	})
	b.Run("quic-go-qpack", func(b *testing.B) {
		var buf bytes.Buffer
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			enc := qpack.NewEncoder(&buf)
			enc.WriteField(qpack.HeaderField{Name: ":status", Value: "200"})
			for k, vs := range h {
				for _, v := range vs {
					enc.WriteField(qpack.HeaderField{Name: strings.ToLower(k), Value: v})
				}
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
	b.Run("decode/threshold", func(b *testing.B) { benchDecode(b, appendFieldSection(nil, 200, h, nil)) })
	b.Run("decode/quic-go-qpack", func(b *testing.B) {
		var buf bytes.Buffer
		enc := qpack.NewEncoder(&buf)
		enc.WriteField(qpack.HeaderField{Name: ":status", Value: "200"})
		for k, vs := range h {
			enc.WriteField(qpack.HeaderField{Name: strings.ToLower(k), Value: vs[0]})
		}
		benchDecode(b, buf.Bytes())
	})
}

// benchDecode decodes a section as quic-go's HTTP/3 client does, to show
// what each encoding costs the client.
func benchDecode(b *testing.B, section []byte) {
	b.ReportAllocs()
	for b.Loop() {
		next := qpack.NewDecoder().Decode(section)
		for {
			if _, err := next(); err != nil {
				break
			}
		}
	}
}
