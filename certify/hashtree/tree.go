package hashtree

import "fmt"

// Kind is the kind of a hash tree node.
type Kind uint8

// The node kinds, numbered as in their CBOR encoding.
const (
	KindEmpty   Kind = 0
	KindFork    Kind = 1
	KindLabeled Kind = 2
	KindLeaf    Kind = 3
	KindPruned  Kind = 4
)

func (k Kind) String() string {
	switch k {
	case KindEmpty:
		return "empty"
	case KindFork:
		return "fork"
	case KindLabeled:
		return "labeled"
	case KindLeaf:
		return "leaf"
	case KindPruned:
		return "pruned"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Hash is a SHA-256 digest.
type Hash = [32]byte

// Tree is an immutable hash tree. The zero Tree is Empty.
type Tree struct{ n *node }

// node is one tree node. For a fork, left and right are the children; for a
// labeled node, left is the subtree and data the label; for a leaf data is
// the value; for a pruned node data is the 32-byte hash.
type node struct {
	kind        Kind
	left, right *node
	data        []byte
}

// Empty returns the empty tree.
func Empty() Tree { return Tree{} }

// NewFork returns Fork(left, right).
func NewFork(left, right Tree) Tree {
	return Tree{&node{kind: KindFork, left: left.n, right: right.n}}
}

// NewLabeled returns Labeled(label, subtree). The tree retains label.
func NewLabeled(label []byte, subtree Tree) Tree {
	return Tree{&node{kind: KindLabeled, left: subtree.n, data: label}}
}

// NewLeaf returns Leaf(value). The tree retains value.
func NewLeaf(value []byte) Tree {
	return Tree{&node{kind: KindLeaf, data: value}}
}

// NewPruned returns Pruned(h).
func NewPruned(h Hash) Tree {
	return Tree{&node{kind: KindPruned, data: h[:]}}
}

// Kind reports the kind of the root node.
func (t Tree) Kind() Kind {
	if t.n == nil {
		return KindEmpty
	}
	return t.n.kind
}

// Left returns the left child of a fork (Empty for other kinds).
func (t Tree) Left() Tree {
	if t.Kind() != KindFork {
		return Tree{}
	}
	return Tree{t.n.left}
}

// Right returns the right child of a fork (Empty for other kinds).
func (t Tree) Right() Tree {
	if t.Kind() != KindFork {
		return Tree{}
	}
	return Tree{t.n.right}
}

// Label returns the label of a labeled node (nil for other kinds). The
// caller must not modify it.
func (t Tree) Label() []byte {
	if t.Kind() != KindLabeled {
		return nil
	}
	return t.n.data
}

// Subtree returns the subtree of a labeled node (Empty for other kinds).
func (t Tree) Subtree() Tree {
	if t.Kind() != KindLabeled {
		return Tree{}
	}
	return Tree{t.n.left}
}

// Value returns the value of a leaf (nil for other kinds). The caller must
// not modify it.
func (t Tree) Value() []byte {
	if t.Kind() != KindLeaf {
		return nil
	}
	return t.n.data
}

// PrunedHash returns the hash of a pruned node and whether t is one.
func (t Tree) PrunedHash() (Hash, bool) {
	var h Hash
	if t.Kind() != KindPruned {
		return h, false
	}
	copy(h[:], t.n.data)
	return h, true
}

// Equal reports whether two trees have the same structure and contents.
func (t Tree) Equal(u Tree) bool { return equal(t.n, u.n) }

func equal(a, b *node) bool {
	if a == nil || b == nil {
		return (a == nil || a.kind == KindEmpty) && (b == nil || b.kind == KindEmpty)
	}
	if a.kind != b.kind || string(a.data) != string(b.data) {
		return false
	}
	return equal(a.left, b.left) && equal(a.right, b.right)
}

// String returns a compact debugging form such as
// fork(label("a", leaf(68656c6c6f)), empty).
func (t Tree) String() string {
	var b []byte
	return string(appendString(b, t.n))
}

func appendString(b []byte, n *node) []byte {
	if n == nil {
		return append(b, "empty"...)
	}
	switch n.kind {
	case KindFork:
		b = append(b, "fork("...)
		b = appendString(b, n.left)
		b = append(b, ", "...)
		b = appendString(b, n.right)
		return append(b, ')')
	case KindLabeled:
		b = fmt.Appendf(b, "label(%q, ", n.data)
		b = appendString(b, n.left)
		return append(b, ')')
	case KindLeaf:
		return fmt.Appendf(b, "leaf(%x)", n.data)
	case KindPruned:
		return fmt.Appendf(b, "pruned(%x)", n.data)
	}
	return append(b, "empty"...)
}
