package hashtree

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// mval is a model map value: a leaf, or a small subtree /reply, /status.
type mval struct {
	leaf bool
	v    []byte
}

func (v mval) full() *Full {
	var b Builder
	b.Insert(p("reply"), v.v)
	b.Insert(p("status"), []byte("replied"))
	return b.Build()
}

func (v mval) digest() Hash {
	if v.leaf {
		return LeafHash(v.v)
	}
	return v.full().Digest()
}

// setModel applies one model entry to m, as a plain Tree or as a Full.
func setModel(m Map, k string, v mval, asFull bool) Map {
	switch {
	case v.leaf:
		return m.Set([]byte(k), NewLeaf(v.v))
	case asFull:
		return m.SetFull([]byte(k), v.full())
	}
	return m.Set([]byte(k), v.full().Tree())
}

// refTree builds the model's content with a Builder, the reference for
// lookups.
func refTree(t *testing.T, model map[string]mval) Tree {
	var b Builder
	for k, v := range model {
		if v.leaf {
			must(t, b.Insert([][]byte{[]byte(k)}, v.v))
			continue
		}
		must(t, b.Insert([][]byte{[]byte(k), []byte("reply")}, v.v))
		must(t, b.Insert([][]byte{[]byte(k), []byte("status")}, []byte("replied")))
	}
	return b.Build().Tree()
}

// keyGen draws labels from one of the shapes a map must handle: short
// labels over a small alphabet (prefixes of one another, the empty label),
// 32-byte request ids, and counting 10-byte canister ids.
type keyGen func(rng *rand.Rand) string

var keyGens = map[string]keyGen{
	"short": func(rng *rand.Rand) string {
		l := make([]byte, rng.IntN(4))
		for i := range l {
			l[i] = []byte{0x00, 'a', 'b', 0xff}[rng.IntN(4)]
		}
		return string(l)
	},
	"request_id": func(rng *rand.Rand) string {
		var id [32]byte
		for i := range id {
			id[i] = byte(rng.Uint32())
		}
		return string(id[:])
	},
	"canister_id": func(rng *rand.Rand) string {
		n := rng.IntN(1 << 16)
		return string([]byte{0, 0, 0, 0, 0x02, byte(n >> 8), byte(n), 0, 0x01, 0x01})
	},
}

// randomOps applies n random Sets and Deletes to m and the model.
func randomOps(rng *rand.Rand, gen keyGen, m Map, model map[string]mval, n int) Map {
	for range n {
		k := gen(rng)
		if rng.IntN(4) == 0 {
			m = m.Delete([]byte(k))
			delete(model, k)
			continue
		}
		v := mval{leaf: rng.IntN(2) == 0, v: []byte{byte(rng.IntN(256))}}
		m = setModel(m, k, v, rng.IntN(2) == 0)
		model[k] = v
	}
	return m
}

// checkMap asserts that m holds exactly the model: Len, Get, ascending
// All, Digest == Tree().Digest(), well-formedness, and lookups on Tree()
// against the Builder-built reference for up to probes present and absent
// labels.
func checkMap(t *testing.T, rng *rand.Rand, gen keyGen, m Map, model map[string]mval, probes int) {
	t.Helper()
	if m.Len() != len(model) {
		t.Fatalf("Len() = %d, want %d", m.Len(), len(model))
	}
	tr := m.Tree()
	if tr.Digest() != m.Digest() {
		t.Fatalf("Tree().Digest() %x != Digest() %x", tr.Digest(), m.Digest())
	}
	if err := tr.WellFormed(); err != nil {
		t.Fatal(err)
	}
	keys := slices.Sorted(maps.Keys(model))
	i := 0
	for k, v := range m.All() {
		if i >= len(keys) || string(k) != keys[i] {
			t.Fatalf("All() entry %d = %x, want %x", i, k, keys[min(i, len(keys)-1)])
		}
		if v.Digest() != model[keys[i]].digest() {
			t.Fatalf("All() value of %x has the wrong digest", k)
		}
		i++
	}
	ref := refTree(t, model)
	for j := range probes {
		k := []byte(gen(rng))
		if j%2 == 0 && len(keys) > 0 {
			k = []byte(keys[rng.IntN(len(keys))])
		}
		_, inModel := model[string(k)]
		if _, ok := m.Get(k); ok != inModel {
			t.Fatalf("Get(%x) ok = %v, want %v", k, ok, inModel)
		}
		checkLookups(t, ref, tr, k)
	}
}

// checkLookups compares lookups of label, label/reply and label/zz on got
// against the reference tree.
func checkLookups(t *testing.T, ref, got Tree, label []byte) {
	t.Helper()
	for _, q := range [][][]byte{{label}, {label, []byte("reply")}, {label, []byte("zz")}} {
		rv, rr := ref.Lookup(q...)
		gv, gr := got.Lookup(q...)
		if rr != gr || !bytes.Equal(rv, gv) {
			t.Fatalf("Lookup(%x): reference %v %x, map %v %x", q, rr, rv, gr, gv)
		}
	}
}

// TestMapMatchesModel checks, after every operation of a random sequence
// over short labels, that the map equals its model and a Builder tree.
func TestMapMatchesModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	gen := keyGens["short"]
	var m Map
	model := map[string]mval{}
	for range 3000 {
		m = randomOps(rng, gen, m, model, 1)
		checkMap(t, rng, gen, m, model, 4)
	}
}

// TestMapLarge runs 30,000 random operations per key shape, keeping
// snapshots along the way: every snapshot must still hold its model at the
// end (persistence), and rebuilding the final content in another order
// must give the same tree (the shape depends only on the labels).
func TestMapLarge(t *testing.T) {
	for name, gen := range keyGens {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(5, 6))
			var m Map
			model := map[string]mval{}
			type snapshot struct {
				m      Map
				model  map[string]mval
				digest Hash
			}
			var snaps []snapshot
			for range 6 {
				m = randomOps(rng, gen, m, model, 5000)
				snaps = append(snaps, snapshot{m, maps.Clone(model), m.Digest()})
			}
			for i, s := range snaps {
				if s.m.Digest() != s.digest {
					t.Fatalf("snapshot %d changed its digest", i)
				}
				checkMap(t, rng, gen, s.m, s.model, 30)
			}
			var rebuilt Map
			keys := slices.Collect(maps.Keys(model))
			rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
			for _, k := range keys {
				rebuilt = setModel(rebuilt, k, mval{leaf: true}, false) // replaced below
				rebuilt = setModel(rebuilt, k, model[k], rng.IntN(2) == 0)
			}
			if rebuilt.Digest() != m.Digest() || !rebuilt.Tree().Equal(m.Tree()) {
				t.Fatal("same content in another order gives another tree")
			}
		})
	}
}

// TestMapConcurrentSnapshots: readers of a snapshot run while a writer
// derives new maps from it (run with -race).
func TestMapConcurrentSnapshots(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	gen := keyGens["request_id"]
	snap := randomOps(rng, gen, Map{}, map[string]mval{}, 2000)
	want := snap.Digest()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 0))
			next := snap
			for range 500 {
				next = randomOps(r, gen, next, map[string]mval{}, 1)
				snap.Witness([][]byte{[]byte(gen(r))})
			}
			if snap.Digest() != want || snap.Tree().Digest() != want {
				t.Error("snapshot changed under concurrent updates")
			}
		})
	}
	wg.Wait()
}
