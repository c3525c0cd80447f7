package upload

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestContentType(t *testing.T) {
	text := []byte("héllo")
	for _, tc := range []struct {
		name     string
		content  []byte
		want     string
		compress bool
	}{
		{"index.html", text, "text/html; charset=utf-8", true},
		{"INDEX.HTM", text, "text/html; charset=utf-8", true},
		{"site.css", text, "text/css; charset=utf-8", true},
		{"app.js", text, "text/javascript; charset=utf-8", true},
		{"mod.mjs", text, "text/javascript; charset=utf-8", true},
		{"latin1.txt", []byte("h\xe9llo"), "text/plain", true},
		{"data.json", text, "application/json", true},
		{"app.js.map", text, "application/json", true},
		{"logo.svg", text, "image/svg+xml", true},
		{"main.wasm", []byte{0, 'a', 's', 'm'}, "application/wasm", true},
		{"photo.JPG", nil, "image/jpeg", false},
		{"font.woff2", nil, "font/woff2", false},
		{"favicon.ico", nil, "image/x-icon", true},
		{"archive.tar.gz", nil, "application/gzip", false},
		{"ic-domains", text, defaultType, false},
		{".htaccess", text, defaultType, false},
		{"file.unknownext", text, defaultType, false},
		{"trailingdot.", text, defaultType, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, compress := contentType(tc.name, tc.content)
			if got != tc.want || compress != tc.compress {
				t.Errorf("contentType(%q) = %q, %v; want %q, %v", tc.name, got, compress, tc.want, tc.compress)
			}
		})
	}
}

// textContent is compressible text of about n bytes.
func textContent(n int) []byte {
	words := []string{"asset ", "canister ", "certified ", "<div class=\"x\">", "</div>\n", "function ", "return "}
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	for b.Len() < n {
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.Bytes()
}

// randomContent is incompressible bytes.
func randomContent(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func names(es []Encoding) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name)
	}
	return out
}

// decode undoes an encoding.
func decode(t *testing.T, e Encoding) []byte {
	t.Helper()
	var r io.Reader
	switch e.Name {
	case encIdentity:
		return e.Content
	case encGzip:
		z, err := gzip.NewReader(bytes.NewReader(e.Content))
		if err != nil {
			t.Fatal(err)
		}
		r = z
	case encBrotli:
		r = brotli.NewReader(bytes.NewReader(e.Content))
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", e.Name, err)
	}
	return b
}

func TestEncodings(t *testing.T) {
	text := textContent(20000)
	random := randomContent(20000, 1)
	for _, tc := range []struct {
		name     string
		content  []byte
		compress bool
		list     []string
		want     []string
	}{
		{"text", text, true, nil, []string{"identity", "gzip", "br"}},
		{"not compressible type", text, false, nil, []string{"identity"}},
		{"random bytes of a text type", random, true, nil, []string{"identity"}},
		{"tiny text", []byte("hi"), true, nil, []string{"identity"}},
		{"empty", nil, true, nil, []string{"identity"}},
		{"rule: identity and br", text, true, []string{"identity", "br"}, []string{"identity", "br"}},
		{"rule: br on random bytes (dropped)", random, false, []string{"identity", "br"}, []string{"identity"}},
		{"rule: gzip only, forced", random, false, []string{"gzip"}, []string{"gzip"}},
		{"rule: order does not matter", text, true, []string{"br", "gzip", "identity"}, []string{"identity", "gzip", "br"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es, err := encodings(tc.content, tc.compress, tc.list)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(es); !slices.Equal(got, tc.want) {
				t.Fatalf("encodings %v, want %v", got, tc.want)
			}
			for _, e := range es {
				if e.SHA256 != sha256.Sum256(e.Content) {
					t.Errorf("%s: SHA256 is not the content's", e.Name)
				}
				if !bytes.Equal(decode(t, e), tc.content) {
					t.Errorf("%s does not decode to the content", e.Name)
				}
				if e.Name != encIdentity && tc.list != nil && slices.Contains(tc.list, encIdentity) && !saves(len(e.Content), len(tc.content)) {
					t.Errorf("%s kept though it saves less than 5%%", e.Name)
				}
			}
		})
	}
}

func TestSavesThreshold(t *testing.T) {
	for _, tc := range []struct {
		n, identity int
		want        bool
	}{
		{95, 100, true}, {96, 100, false}, {0, 0, true}, {1, 0, false}, {950, 1000, true}, {951, 1000, false},
	} {
		if got := saves(tc.n, tc.identity); got != tc.want {
			t.Errorf("saves(%d, %d) = %v, want %v", tc.n, tc.identity, got, tc.want)
		}
	}
}

// TestCompressionDeterministic: the same input gives the same bytes, and
// the gzip header carries no name, no time and OS 255 (RFC 1952 §2.3).
func TestCompressionDeterministic(t *testing.T) {
	content := textContent(30000)
	g1, err := gzipBytes(content)
	if err != nil {
		t.Fatal(err)
	}
	g2, _ := gzipBytes(slices.Clone(content))
	if !bytes.Equal(g1, g2) {
		t.Error("gzip output differs between runs")
	}
	if g1[0] != 0x1f || g1[1] != 0x8b || g1[3] != 0 || !bytes.Equal(g1[4:8], []byte{0, 0, 0, 0}) || g1[9] != 255 {
		t.Errorf("gzip header % x: want no flags, zero mtime, OS 255", g1[:10])
	}
	b1, err := brotliBytes(content)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := brotliBytes(slices.Clone(content))
	if !bytes.Equal(b1, b2) {
		t.Error("brotli output differs between runs")
	}
	e1, _ := encodings(content, true, nil)
	e2, _ := encodings(content, true, nil)
	for i := range e1 {
		if e1[i].SHA256 != e2[i].SHA256 {
			t.Errorf("%s: SHA-256 differs between runs", e1[i].Name)
		}
	}
	if !strings.Contains(strings.Join(names(e1), ","), "br") {
		t.Errorf("encodings %v: want br for text", names(e1))
	}
}

// encodings computes the encodings of content without a cache.
func encodings(content []byte, compress bool, names []string) ([]Encoding, error) {
	return new(compressor).encodings(content, compress, names, false)
}
