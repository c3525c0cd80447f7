package hashtree

import "crypto/sha256"

// Domain separators of the node kinds: a length byte and the name.
const (
	sepEmpty   = "\x11ic-hashtree-empty"
	sepFork    = "\x10ic-hashtree-fork"
	sepLabeled = "\x13ic-hashtree-labeled"
	sepLeaf    = "\x10ic-hashtree-leaf"
)

// EmptyHash is reconstruct(Empty).
var EmptyHash = sha256.Sum256([]byte(sepEmpty))

// Digest returns reconstruct(t), the root hash of the tree.
func (t Tree) Digest() Hash {
	if t.n == nil {
		return EmptyHash
	}
	h := newHasher()
	return h.node(t.n)
}

// hasher hashes nodes through one reusable scratch buffer, so that
// reconstructing a tree allocates at most once.
type hasher struct{ buf []byte }

func newHasher() hasher { return hasher{buf: make([]byte, 0, 128)} }

func (h *hasher) node(n *node) Hash {
	var out Hash
	switch {
	case n == nil || n.kind == KindEmpty:
		return EmptyHash
	case n.kind == KindPruned:
		copy(out[:], n.data)
		return out
	case n.kind == KindFork:
		l, r := h.node(n.left), h.node(n.right)
		return forkHash(&l, &r)
	case n.kind == KindLabeled:
		sub := h.node(n.left)
		return h.labeled(n.data, &sub)
	default: // KindLeaf
		return h.leaf(n.data)
	}
}

func (h *hasher) labeled(label []byte, sub *Hash) Hash {
	h.buf = append(append(append(h.buf[:0], sepLabeled...), label...), sub[:]...)
	return sha256.Sum256(h.buf)
}

func (h *hasher) leaf(v []byte) Hash {
	h.buf = append(append(h.buf[:0], sepLeaf...), v...)
	return sha256.Sum256(h.buf)
}

// forkHash hashes a fork from its children's digests without allocating.
func forkHash(l, r *Hash) Hash {
	var buf [len(sepFork) + 64]byte
	copy(buf[:], sepFork)
	copy(buf[len(sepFork):], l[:])
	copy(buf[len(sepFork)+32:], r[:])
	return sha256.Sum256(buf[:])
}

// LabeledHash returns reconstruct(Labeled(label, t)) for a subtree whose
// digest is sub.
func LabeledHash(label []byte, sub Hash) Hash {
	h := newHasher()
	return h.labeled(label, &sub)
}

// LeafHash returns reconstruct(Leaf(v)).
func LeafHash(v []byte) Hash {
	h := newHasher()
	return h.leaf(v)
}

// ForkHash returns reconstruct(Fork(l, r)) for subtrees with digests l and r.
func ForkHash(l, r Hash) Hash { return forkHash(&l, &r) }
