package hashtree

import (
	"bytes"
	"testing"
)

// FuzzParse: decoding never panics; an accepted tree re-encodes to the same
// bytes (the encoding is canonical), re-parses to the same digest, and
// lookups on it never panic.
func FuzzParse(f *testing.F) {
	var b Builder
	b.Insert(p("a", "x"), []byte("hello"))
	b.Insert(p("b"), []byte("good"))
	b.InsertEmpty(p("c"))
	full := b.Build()
	f.Add(Append(nil, full.Tree()))
	f.Add(Append(nil, full.Witness(p("a", "y"), p("bb"))))
	f.Add([]byte{0x81, 0x00})
	f.Add(append([]byte{0xd9, 0xd9, 0xf7}, Append(nil, full.Tree())...))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := Parse(data)
		if err != nil {
			return
		}
		enc := Append(nil, tr)
		tr2, err := Parse(enc)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if tr.Digest() != tr2.Digest() || !bytes.Equal(Append(nil, tr2), enc) {
			t.Fatal("round trip changed the tree")
		}
		_ = tr.WellFormed()
		for _, path := range [][][]byte{nil, p("a"), p("a", "x"), p("b"), p("zz", "")} {
			tr.Lookup(path...)
			tr.LookupSubtree(path...)
		}
		for range tr.Flatten() {
		}
	})
}
