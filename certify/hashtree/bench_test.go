package hashtree

import (
	"fmt"
	"testing"
)

// stateTree builds a state-tree-like Full with n request_status entries,
// /time and a subnet key.
func stateTree(b *testing.B, n int) *Full {
	var bd Builder
	for i := range n {
		rid := fmt.Appendf(nil, "%032d", i)
		bd.Insert([][]byte{[]byte("request_status"), rid, []byte("status")}, []byte("replied"))
		bd.Insert([][]byte{[]byte("request_status"), rid, []byte("reply")}, make([]byte, 64))
	}
	bd.Insert(p("time"), []byte{0xe2, 0xdc, 0x93, 0x90, 0x91, 0xc6, 0x96, 0xeb, 0x16})
	bd.Insert(p("subnet", "s", "public_key"), make([]byte, 133))
	return bd.Build()
}

// BenchmarkHashTreeDigest reconstructs the root hash of a parsed witness of
// the size found in a typical certificate.
func BenchmarkHashTreeDigest(b *testing.B) {
	full := stateTree(b, 1000)
	w := full.Witness(p("time"), [][]byte{[]byte("request_status"), fmt.Appendf(nil, "%032d", 7)})
	tr, err := Parse(Append(nil, w))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		tr.Digest()
	}
}

func BenchmarkParse(b *testing.B) {
	full := stateTree(b, 1000)
	enc := Append(nil, full.Witness(p("time"), [][]byte{[]byte("request_status"), fmt.Appendf(nil, "%032d", 7)}))
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWitness builds the witness of one request status and /time from
// a state tree of 10,000 requests.
func BenchmarkWitness(b *testing.B) {
	full := stateTree(b, 10000)
	path := [][]byte{[]byte("request_status"), fmt.Appendf(nil, "%032d", 4242)}
	b.ReportAllocs()
	for b.Loop() {
		full.Witness(p("time"), path)
	}
}

func BenchmarkLookup(b *testing.B) {
	full := stateTree(b, 1000)
	tr := full.Tree()
	path := [][]byte{[]byte("request_status"), fmt.Appendf(nil, "%032d", 500), []byte("status")}
	b.ReportAllocs()
	for b.Loop() {
		if _, r := tr.Lookup(path...); r != Found {
			b.Fatal(r)
		}
	}
}
