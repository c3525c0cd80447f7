package hashtree

import (
	"bytes"
	"testing"
)

// FuzzMap drives a Map and a Builder with the same operations, read from
// the input as (op, label length, label) records, and checks the map's
// digest, well-formedness and lookups, and a witness for every label seen.
func FuzzMap(f *testing.F) {
	f.Add([]byte{0, 1, 'a', 0, 2, 'a', 'b', 1, 1, 'a', 0, 0})
	f.Add([]byte{0, 1, 0x00, 0, 1, 0xff, 0, 2, 0x00, 0x00, 1, 1, 0xff})
	f.Fuzz(func(t *testing.T, in []byte) {
		var m Map
		model := map[string]bool{}
		var labels [][]byte
		for len(in) >= 2 {
			op, n := in[0], min(int(in[1])%8, len(in)-2)
			label := bytes.Clone(in[2 : 2+n])
			in = in[2+n:]
			labels = append(labels, label)
			if op%3 == 2 {
				m = m.Delete(label)
				delete(model, string(label))
				continue
			}
			m = m.Set(label, NewLeaf([]byte{op}))
			model[string(label)] = true
		}
		var b Builder
		for k := range model {
			if v, ok := m.Get([]byte(k)); !ok || b.Insert([][]byte{[]byte(k)}, v.Value()) != nil {
				t.Fatalf("Get(%x) = %v, %v", k, v, ok)
			}
		}
		ref, tr := b.Build().Tree(), m.Tree()
		if tr.Digest() != m.Digest() || m.Len() != len(model) || tr.WellFormed() != nil {
			t.Fatal("map tree inconsistent")
		}
		paths := make([][][]byte, len(labels))
		for i, l := range labels {
			paths[i] = [][]byte{l}
		}
		w := m.Witness(paths...)
		if w.Digest() != m.Digest() {
			t.Fatal("witness digest differs")
		}
		for _, l := range labels {
			rv, rr := ref.Lookup(l)
			for _, got := range []Tree{tr, w} {
				if v, r := got.Lookup(l); r != rr || !bytes.Equal(v, rv) {
					t.Fatalf("Lookup(%x) = %v %x, want %v %x", l, r, v, rr, rv)
				}
			}
		}
	})
}
