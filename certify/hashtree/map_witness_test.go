package hashtree

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomQueries returns up to n paths into m: present labels with an
// empty, existing or missing rest, absent labels, and rarely the empty
// path (the whole map).
func randomQueries(rng *rand.Rand, gen keyGen, keys []string, n int) [][][]byte {
	var qs [][][]byte
	for range 1 + rng.IntN(n) {
		k := []byte(gen(rng))
		if len(keys) > 0 && rng.IntN(2) == 0 {
			k = []byte(keys[rng.IntN(len(keys))])
		}
		rest := [][][]byte{nil, p("reply"), p("status"), p("zz"), p("reply", "x")}[rng.IntN(5)]
		qs = append(qs, append([][]byte{k}, rest...))
		if rng.IntN(200) == 0 {
			qs = append(qs, nil)
		}
	}
	return qs
}

// TestMapWitnessProperties: for random maps and random path sets the
// witness has the map's digest, is well formed, survives a CBOR round
// trip, answers the requested paths and their one-label extensions like
// the Builder-built reference, and reveals no entry that was not asked for.
func TestMapWitnessProperties(t *testing.T) {
	for name, gen := range keyGens {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 8))
			var m Map
			model := map[string]mval{}
			for range 20 {
				m = randomOps(rng, gen, m, model, rng.IntN(500))
				keys := slices.Sorted(maps.Keys(model))
				ref := refTree(t, model)
				for range 10 {
					checkWitness(t, m, ref, keys, randomQueries(rng, gen, keys, 6))
				}
			}
		})
	}
}

func checkWitness(t *testing.T, m Map, ref Tree, keys []string, qs [][][]byte) {
	t.Helper()
	w := m.Witness(qs...)
	if w.Digest() != m.Digest() {
		t.Fatalf("witness digest %x, map %x\nqueries %x", w.Digest(), m.Digest(), qs)
	}
	if err := w.WellFormed(); err != nil {
		t.Fatal(err)
	}
	if back, err := Parse(Append(nil, w)); err != nil || !back.Equal(w) {
		t.Fatalf("round trip: %v", err)
	}
	for _, q := range qs {
		for _, path := range [][][]byte{q, append(q[:len(q):len(q)], []byte("b"))} {
			rv, rr := ref.Lookup(path...)
			wv, wr := w.Lookup(path...)
			if rr != wr || !bytes.Equal(rv, wv) {
				t.Fatalf("Lookup(%x): reference %v %x, witness %v %x", path, rr, rv, wr, wv)
			}
		}
	}
	for _, k := range keys {
		path := [][]byte{[]byte(k), []byte("reply")}
		if isPrefixOfAny(qs, [][]byte{[]byte(k)}) {
			continue
		}
		if _, r := w.Lookup(path[:1]...); r == Found {
			t.Fatalf("unrequested %x revealed", k)
		}
		if _, r := w.Lookup(path...); r == Found {
			t.Fatalf("unrequested %x revealed", path)
		}
	}
}

func TestMapWitnessEdges(t *testing.T) {
	var empty Map
	one := empty.Set([]byte("a"), NewLeaf([]byte("1")))
	for _, tc := range []struct {
		name string
		m    Map
		qs   [][][]byte
		want Tree
	}{
		{"no paths is the pruned root", one, nil, NewPruned(one.Digest())},
		{"empty map, no paths", empty, nil, NewPruned(EmptyHash)},
		{"empty map proves absence with Empty", empty, [][][]byte{p("x")}, Empty()},
		{"the empty path is the whole map", one, [][][]byte{p("zz"), nil}, one.Tree()},
		{"absent before the only label", one, [][][]byte{p("0")}, NewLabeled([]byte("a"), NewPruned(LeafHash([]byte("1"))))},
		{"present", one, [][][]byte{p("a", "deeper")}, one.Tree()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if w := tc.m.Witness(tc.qs...); !w.Equal(tc.want) {
				t.Fatalf("Witness = %v, want %v", w, tc.want)
			}
		})
	}
}

// TestMapEdges covers the empty map, empty and nil labels, nil and zero
// Fulls, and deleting down to nothing.
func TestMapEdges(t *testing.T) {
	var m Map
	if m.Digest() != EmptyHash || m.Tree().Kind() != KindEmpty || m.Len() != 0 {
		t.Fatal("zero Map is not the empty tree")
	}
	if _, ok := m.Get(nil); ok || m.Delete(nil).Len() != 0 {
		t.Fatal("empty map has an entry")
	}
	m = m.Set(nil, NewLeaf([]byte("root")))
	if v, ok := m.Get([]byte{}); !ok || string(v.Value()) != "root" {
		t.Fatal("nil label is not the empty label")
	}
	m = m.SetFull([]byte("nil"), nil).SetFull([]byte("zero"), &Full{})
	for _, l := range []string{"nil", "zero"} {
		if v, ok := m.Get([]byte(l)); !ok || v.Kind() != KindEmpty {
			t.Fatalf("Get(%q) = %v, %v; want Empty", l, v, ok)
		}
	}
	if m.Digest() != m.Tree().Digest() {
		t.Fatal("digest mismatch")
	}
	if m.Delete([]byte("absent")).root != m.root {
		t.Fatal("deleting an absent label copied the map")
	}
	for _, l := range []string{"", "nil", "zero"} {
		m = m.Delete([]byte(l))
	}
	if m.root != nil || m.Digest() != EmptyHash {
		t.Fatal("deleting every entry does not give the empty map")
	}
}

// TestMapDepth: the trie stays about log2(n) deep for request ids and
// counting canister ids.
func TestMapDepth(t *testing.T) {
	for name, gen := range map[string]keyGen{"request_id": keyGens["request_id"], "canister_id": keyGens["canister_id"]} {
		rng := rand.New(rand.NewPCG(9, 10))
		var m Map
		for range 1 << 16 {
			m = m.Set([]byte(gen(rng)), Empty())
		}
		if d := mdepth(m.root); d > 40 {
			t.Errorf("%s: depth %d for %d labels", name, d, m.Len())
		}
	}
}

func mdepth(n *mnode) int {
	if n == nil || n.isLeaf() {
		return 0
	}
	return 1 + max(mdepth(n.kids[0]), mdepth(n.kids[1]))
}
