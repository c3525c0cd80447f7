package hashtree

import (
	"cmp"
	"iter"
	"slices"
)

// Tree returns the whole tree m stands for, every entry revealed; it is
// also the witness for the whole map. An empty map is Empty.
func (m Map) Tree() Tree { return Tree{m.root.tree()} }

func (n *mnode) tree() *node {
	if n == nil {
		return nil
	}
	if n.isLeaf() {
		return &node{kind: KindLabeled, data: n.e.label, left: n.e.value().n}
	}
	return &node{kind: KindFork, left: n.kids[0].tree(), right: n.kids[1].tree()}
}

// All yields the entries in ascending label order. The caller must not
// modify the labels. Entries set with SetFull or SetMap are built whole.
func (m Map) All() iter.Seq2[[]byte, Tree] {
	return func(yield func([]byte, Tree) bool) { m.root.all(yield) }
}

func (n *mnode) all(yield func([]byte, Tree) bool) bool {
	switch {
	case n == nil:
		return true
	case n.isLeaf():
		return yield(n.e.label, n.e.value())
	}
	return n.kids[0].all(yield) && n.kids[1].all(yield)
}

// Witness returns the pruned tree that proves the requested paths, whose
// first labels select entries of m and whose rest are paths into those
// entries, following the rules of Full.Witness:
//
//   - an empty path reveals the whole map;
//   - a present entry is kept as a Labeled node, and its value is pruned
//     by the rest of the paths: by Full.Witness or Map.Witness for entries
//     set with SetFull or SetMap, revealed whole for a plain Tree;
//   - for an absent label the entries on both sides of it are kept as
//     Labeled nodes with pruned values, so that lookups see Absent;
//   - everything else is replaced by the largest possible Pruned nodes.
//
// The witness's digest equals m.Digest(). With no paths the witness is the
// pruned root; for an empty map with paths it is Empty.
func (m Map) Witness(paths ...[][]byte) Tree {
	if len(paths) == 0 {
		return NewPruned(m.Digest())
	}
	if slices.ContainsFunc(paths, func(p [][]byte) bool { return len(p) == 0 }) {
		return m.Tree()
	}
	if m.root == nil {
		return Tree{}
	}
	return Tree{m.root.witness(m.marks(paths), 0)}
}

// marks returns, sorted by rank and merged, the entries a witness of paths
// keeps: the selected ones with the rest of their paths, and the
// neighbours of absent labels with none.
func (m Map) marks(paths [][][]byte) []mark {
	marks := make([]mark, 0, 2*len(paths))
	for _, p := range paths {
		r, ok := m.root.rank(p[0])
		switch {
		case ok:
			marks = append(marks, mark{idx: r, reveal: [][][]byte{p[1:]}})
		default:
			if r > 0 {
				marks = append(marks, mark{idx: r - 1})
			}
			if r < m.root.size {
				marks = append(marks, mark{idx: r})
			}
		}
	}
	slices.SortStableFunc(marks, func(a, b mark) int { return cmp.Compare(a.idx, b.idx) })
	merged := marks[:0]
	for _, k := range marks {
		if i := len(merged) - 1; i >= 0 && merged[i].idx == k.idx {
			merged[i].reveal = append(merged[i].reveal, k.reveal...)
			continue
		}
		merged = append(merged, k)
	}
	return merged
}

// witness builds the pruned form of n, whose leaves have ranks lo and up;
// marks are the kept entries among them.
func (n *mnode) witness(marks []mark, lo int) *node {
	if len(marks) == 0 {
		return &node{kind: KindPruned, data: hashRef(&n.hash)}
	}
	if n.isLeaf() {
		return &node{kind: KindLabeled, data: n.e.label, left: n.e.witness(marks[0].reveal)}
	}
	mid := lo + n.kids[0].size
	k, _ := slices.BinarySearchFunc(marks, mid, func(m mark, v int) int { return cmp.Compare(m.idx, v) })
	return &node{
		kind:  KindFork,
		left:  n.kids[0].witness(marks[:k], lo),
		right: n.kids[1].witness(marks[k:], mid),
	}
}

// witness prunes an entry's value for the remaining paths; nil paths (a
// neighbour kept for an absence proof) prune it whole.
func (e *entry) witness(paths [][][]byte) *node {
	switch {
	case paths == nil:
		return &node{kind: KindPruned, data: hashRef(&e.digest)}
	case e.kind == entryFull:
		return e.full.Witness(paths...).n
	case e.kind == entryMap:
		return e.sub.Witness(paths...).n
	}
	return e.tree.n
}
