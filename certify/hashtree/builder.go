package hashtree

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrConflict reports an insertion that would put a leaf and labeled
// children at the same path.
var ErrConflict = errors.New("hashtree: path conflicts with an existing leaf or subtree")

// Builder collects the labeled paths of a full tree, such as the replica's
// state tree, in any order. The zero Builder is empty and ready to use.
// Build freezes it into a Full tree. A Builder is not safe for concurrent
// use.
type Builder struct{ root bnode }

type bnode struct {
	isLeaf bool
	value  []byte
	kids   map[string]*bnode
}

// Insert sets the leaf at path to a copy of value, creating the labeled
// nodes on the way. Replacing a leaf is allowed; putting a leaf where
// labeled children exist, or a child under a leaf, is ErrConflict.
func (b *Builder) Insert(path [][]byte, value []byte) error {
	n, err := b.walk(path)
	if err != nil {
		return err
	}
	if len(n.kids) > 0 {
		return fmt.Errorf("%w: leaf at %s, which has children", ErrConflict, pathString(path))
	}
	n.isLeaf, n.value = true, bytes.Clone(value)
	if n.value == nil {
		n.value = []byte{}
	}
	return nil
}

// InsertEmpty makes sure the labeled nodes of path exist. A node without
// children is Empty in the built tree.
func (b *Builder) InsertEmpty(path [][]byte) error {
	_, err := b.walk(path)
	return err
}

func (b *Builder) walk(path [][]byte) (*bnode, error) {
	n := &b.root
	for i, l := range path {
		if n.isLeaf {
			return nil, fmt.Errorf("%w: %s is a leaf", ErrConflict, pathString(path[:i]))
		}
		if n.kids == nil {
			n.kids = make(map[string]*bnode)
		}
		c := n.kids[string(l)]
		if c == nil {
			c = &bnode{}
			n.kids[string(l)] = c
		}
		n = c
	}
	return n, nil
}

// Build returns the full tree with its labels sorted, its forks balanced and
// every digest computed. The Builder may be modified afterwards without
// affecting the result.
func (b *Builder) Build() *Full {
	h := newHasher()
	return &Full{root: freeze(&b.root, &h)}
}

func freeze(b *bnode, h *hasher) *fnode {
	if b.isLeaf {
		return &fnode{isLeaf: true, value: b.value, digest: h.leaf(b.value)}
	}
	if len(b.kids) == 0 {
		return &fnode{digest: EmptyHash}
	}
	f := &fnode{labels: make([][]byte, 0, len(b.kids))}
	for l := range b.kids {
		f.labels = append(f.labels, []byte(l))
	}
	slices.SortFunc(f.labels, bytes.Compare)
	f.kids = make([]*fnode, len(f.labels))
	for i, l := range f.labels {
		f.kids[i] = freeze(b.kids[string(l)], h)
	}
	f.hashes = make([]Hash, 2*len(f.kids)-1)
	f.hash(h, 0, len(f.kids), 0)
	f.digest = f.hashes[0]
	return f
}

func pathString(path [][]byte) string {
	var sb strings.Builder
	for _, l := range path {
		fmt.Fprintf(&sb, "/%q", l)
	}
	if sb.Len() == 0 {
		return "/"
	}
	return sb.String()
}
