package hashtree

// Full is an immutable, complete labeled tree built by a Builder: its
// labels are sorted, the children of every labeled level hang from a
// balanced binary tree of forks, and every digest is stored, so that
// Digest is free and Witness costs time proportional to what it reveals.
// A Full is safe for concurrent use.
type Full struct{ root *fnode }

// fnode is a leaf, or a level of labeled children (none: Empty).
type fnode struct {
	isLeaf bool
	value  []byte
	labels [][]byte
	kids   []*fnode
	// hashes holds the digests of the balanced fork tree over the
	// children in preorder: the range [lo, hi) with id i has its left half
	// at id i+1 and its right half at id i+2·(mid−lo); a single child's
	// entry is the digest of its Labeled node.
	hashes []Hash
	digest Hash
}

// split returns where the range [lo, hi) of children divides.
func split(lo, hi int) int { return lo + (hi-lo+1)/2 }

func (f *fnode) hash(h *hasher, lo, hi, id int) {
	if hi-lo == 1 {
		f.hashes[id] = h.labeled(f.labels[lo], &f.kids[lo].digest)
		return
	}
	mid := split(lo, hi)
	l, r := id+1, id+2*(mid-lo)
	f.hash(h, lo, mid, l)
	f.hash(h, mid, hi, r)
	f.hashes[id] = forkHash(&f.hashes[l], &f.hashes[r])
}

// Digest returns the root hash of the tree.
func (t *Full) Digest() Hash { return t.root.digest }

// Tree returns the whole tree, unpruned.
func (t *Full) Tree() Tree { return Tree{t.root.tree()} }

func (f *fnode) tree() *node {
	if f.isLeaf {
		return &node{kind: KindLeaf, data: f.value}
	}
	if len(f.kids) == 0 {
		return nil
	}
	return f.forks(0, len(f.kids))
}

func (f *fnode) forks(lo, hi int) *node {
	if hi-lo == 1 {
		return &node{kind: KindLabeled, data: f.labels[lo], left: f.kids[lo].tree()}
	}
	mid := split(lo, hi)
	return &node{kind: KindFork, left: f.forks(lo, mid), right: f.forks(mid, hi)}
}
