package hashtree

import (
	"bytes"
	"cmp"
	"slices"
)

// Witness returns the pruned tree that a replica sends for the requested
// paths (PROTOCOL.md §4.3, witness construction):
//
//   - the whole subtree under each requested path is revealed;
//   - the labeled nodes along each path are kept;
//   - when a label on a path does not exist, its neighbouring labels are
//     kept with pruned subtrees, so that lookups see Absent, not Unknown;
//   - when a path runs into a leaf or an empty level, that leaf or Empty is
//     revealed (lookups see Absent there too);
//   - everything else is replaced by the largest possible Pruned nodes.
//
// Lookups of requested paths, and of their extensions, give the same Found
// and Absent answers on the witness as on the full tree, and the witness's
// digest equals t.Digest(). With no paths the witness is the pruned root.
func (t *Full) Witness(paths ...[][]byte) Tree {
	return Tree{t.root.witness(paths)}
}

// mark is a child that a witness must keep as a Labeled node: reveal holds
// the remaining path suffixes under it; a neighbour kept only to prove an
// absence has none and its subtree is pruned.
type mark struct {
	idx    int
	reveal [][][]byte
}

func (f *fnode) witness(reqs [][][]byte) *node {
	if len(reqs) == 0 {
		return &node{kind: KindPruned, data: hashRef(&f.digest)}
	}
	for _, r := range reqs {
		if len(r) == 0 {
			return f.tree() // a requested prefix: reveal everything under it
		}
	}
	if f.isLeaf || len(f.kids) == 0 {
		return f.tree() // the path runs past a leaf or into Empty: Absent
	}
	marks := make([]mark, 0, 2*len(reqs))
	for _, r := range reqs {
		i, ok := slices.BinarySearchFunc(f.labels, r[0], bytes.Compare)
		switch {
		case ok:
			marks = append(marks, mark{idx: i, reveal: [][][]byte{r[1:]}})
		default: // prove absence with the labels on both sides
			if i > 0 {
				marks = append(marks, mark{idx: i - 1})
			}
			if i < len(f.kids) {
				marks = append(marks, mark{idx: i})
			}
		}
	}
	slices.SortStableFunc(marks, func(a, b mark) int { return cmp.Compare(a.idx, b.idx) })
	merged := marks[:0]
	for _, m := range marks {
		if k := len(merged) - 1; k >= 0 && merged[k].idx == m.idx {
			merged[k].reveal = append(merged[k].reveal, m.reveal...)
			continue
		}
		merged = append(merged, m)
	}
	return f.witnessRange(merged, 0, len(f.kids), 0)
}

// witnessRange builds the fork tree over children [lo, hi) whose digest is
// hashes[id]; marks are the kept children in that range, sorted.
func (f *fnode) witnessRange(marks []mark, lo, hi, id int) *node {
	if len(marks) == 0 {
		return &node{kind: KindPruned, data: hashRef(&f.hashes[id])}
	}
	if hi-lo == 1 {
		m := marks[0]
		var sub *node
		if m.reveal == nil {
			sub = &node{kind: KindPruned, data: hashRef(&f.kids[lo].digest)}
		} else {
			sub = f.kids[lo].witness(m.reveal)
		}
		return &node{kind: KindLabeled, data: f.labels[lo], left: sub}
	}
	mid := split(lo, hi)
	k, _ := slices.BinarySearchFunc(marks, mid, func(m mark, v int) int { return cmp.Compare(m.idx, v) })
	return &node{
		kind:  KindFork,
		left:  f.witnessRange(marks[:k], lo, mid, id+1),
		right: f.witnessRange(marks[k:], mid, hi, id+2*(mid-lo)),
	}
}

// hashRef is a stored hash as a pruned node's data, without a copy: the
// trees a Full or a Map was built from are never changed afterwards, and
// a Tree's data is read-only, so the witness may share the bytes.
func hashRef(h *Hash) []byte { return h[:] }
