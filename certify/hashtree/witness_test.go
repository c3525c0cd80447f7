package hashtree

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// randomBuilder fills a Builder with up to n random paths over a small
// alphabet, so that requested paths often hit, miss, or run past leaves.
func randomBuilder(rng *rand.Rand, n int) (*Builder, [][][]byte) {
	var b Builder
	var paths [][][]byte
	for range n {
		path := randomPath(rng)
		if rng.IntN(8) == 0 {
			if b.InsertEmpty(path) == nil {
				paths = append(paths, path)
			}
			continue
		}
		if b.Insert(path, []byte(fmt.Sprint(rng.IntN(1000)))) == nil {
			paths = append(paths, path)
		}
	}
	return &b, paths
}

func randomPath(rng *rand.Rand) [][]byte {
	path := make([][]byte, 1+rng.IntN(3))
	for i := range path {
		l := make([]byte, rng.IntN(3))
		for j := range l {
			l[j] = byte('a' + rng.IntN(4))
		}
		path[i] = l
	}
	return path
}

// TestWitnessProperties: for random trees and random path sets, the witness
// has the full tree's digest, is well formed, answers every requested path
// (and its one-label extensions) with the full tree's Found or Absent, and
// reveals no leaf that was not requested.
func TestWitnessProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 500 {
		b, inserted := randomBuilder(rng, rng.IntN(40))
		full := b.Build()
		ft := full.Tree()
		if err := ft.WellFormed(); err != nil {
			t.Fatalf("iter %d: full tree: %v", iter, err)
		}
		if ft.Digest() != full.Digest() {
			t.Fatalf("iter %d: Tree().Digest() != Digest()", iter)
		}
		var req [][][]byte
		for range rng.IntN(5) {
			if len(inserted) > 0 && rng.IntN(2) == 0 {
				req = append(req, inserted[rng.IntN(len(inserted))])
			} else {
				req = append(req, randomPath(rng))
			}
		}
		w := full.Witness(req...)
		if w.Digest() != full.Digest() {
			t.Fatalf("iter %d: witness digest %x, full %x\nreq %q\nwitness %v", iter, w.Digest(), full.Digest(), req, w)
		}
		if err := w.WellFormed(); err != nil {
			t.Fatalf("iter %d: witness: %v", iter, err)
		}
		enc := Append(nil, w)
		if back, err := Parse(enc); err != nil || !back.Equal(w) {
			t.Fatalf("iter %d: round trip: %v", iter, err)
		}
		for _, path := range req {
			for _, q := range [][][]byte{path, append(path[:len(path):len(path)], []byte("b"))} {
				fv, fr := ft.Lookup(q...)
				wv, wr := w.Lookup(q...)
				if fr != wr || !bytes.Equal(fv, wv) {
					t.Fatalf("iter %d: Lookup(%q): full %v %q, witness %v %q\nwitness %v", iter, q, fr, fv, wr, wv, w)
				}
			}
		}
		for _, path := range inserted {
			if isPrefixOfAny(req, path) {
				continue
			}
			if v, r := w.Lookup(path...); r == Found {
				t.Fatalf("iter %d: unrequested %q revealed as %q", iter, path, v)
			}
		}
	}
}

// isPrefixOfAny reports whether some request is a prefix of path, or path
// runs through a leaf a request revealed.
func isPrefixOfAny(reqs [][][]byte, path [][]byte) bool {
	for _, r := range reqs {
		n := min(len(r), len(path))
		same := true
		for i := range n {
			if !bytes.Equal(r[i], path[i]) {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

func TestWitnessNoPaths(t *testing.T) {
	var b Builder
	must(t, b.Insert(p("a"), []byte("1")))
	full := b.Build()
	w := full.Witness()
	if h, ok := w.PrunedHash(); !ok || h != full.Digest() {
		t.Fatalf("Witness() = %v, want the pruned root", w)
	}
}

func TestBuilderConflicts(t *testing.T) {
	var b Builder
	must(t, b.Insert(p("a", "b"), []byte("1")))
	if err := b.Insert(p("a"), []byte("x")); err == nil {
		t.Error("leaf over children accepted")
	}
	if err := b.Insert(p("a", "b", "c"), []byte("x")); err == nil {
		t.Error("child under a leaf accepted")
	}
	must(t, b.Insert(p("a", "b"), []byte("2")))
	if v, r := b.Build().Tree().Lookup(p("a", "b")...); r != Found || string(v) != "2" {
		t.Errorf("replaced leaf = %v %q", r, v)
	}
}

func TestBuildBalanced(t *testing.T) {
	var b Builder
	for i := range 1000 {
		must(t, b.Insert([][]byte{fmt.Appendf(nil, "%04d", i)}, nil))
	}
	if d := depth(b.Build().Tree().n); d > 12 {
		t.Errorf("depth %d for 1000 labels, want ≤ 12", d)
	}
}

func depth(n *node) int {
	if n == nil {
		return 0
	}
	return 1 + max(depth(n.left), depth(n.right))
}
