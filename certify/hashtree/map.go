package hashtree

import "bytes"

// Map is an immutable, persistent certified map from labels to subtrees,
// for the large and often-changing levels of the replica's state tree such
// as /request_status and /canister. Set and Delete return a new Map that
// shares all but O(depth) nodes with the old one, rehashing only the path
// they change; old Maps stay valid and unchanged, so every certified state
// is a cheap snapshot. Digest is free; Witness costs time proportional to
// what it reveals. The zero Map is empty and ready to use, and a Map is
// safe for concurrent use.
//
// A Map stands for the hash tree whose labeled nodes are its entries in
// ascending label order, joined by forks. The forks form a crit-bit
// (PATRICIA) trie over the labels: an internal node is Fork(left, right)
// where left holds the labels with a 0 at the first bit in which the
// labels below differ, and a leaf is Labeled(label, value). So
// flatten_forks lists the labels in strictly increasing order, lookups
// see Found and Absent as in any well-formed tree, and Digest equals
// Tree().Digest().
//
// Why a crit-bit trie rather than a treap or an AVL tree: its shape
// depends only on the set of labels, never on the order of operations, so
// replicas agree on the digest even if they reach the same contents by
// different routes; it needs no priorities; a change rehashes one fork per
// level plus one labeled node, against two forks and often a labeled node
// per level for an in-order search tree; and its depth is bounded by the
// labels' bit length. Request ids are SHA-256 outputs and canister ids
// count up, so the trie is about log2(n)+2 deep in practice; a client
// grinding request ids to deepen it pays 2^d hashes for depth d, where
// for a treap with hashed priorities each extra level costs a constant.
// Labels that are prefixes of one another, like "a", "aa", "aaa", can
// form a chain as deep as their number, which would also make witnesses
// nest beyond what decoders accept (MaxDepth here, 128 in serde_cbor);
// the state tree has no such labels.
type Map struct{ root *mnode }

// entry is one map value with its label and its digest, computed once:
// a Tree, a *Full or a nested Map.
type entry struct {
	label  []byte
	kind   entryKind
	tree   Tree
	full   *Full
	sub    Map
	digest Hash
}

type entryKind uint8

const (
	entryTree entryKind = iota
	entryFull
	entryMap
)

// Set returns m with label mapped to subtree, which is hashed once here
// and revealed whole in witnesses. The map keeps a copy of label.
func (m Map) Set(label []byte, subtree Tree) Map {
	return m.set(&entry{label: bytes.Clone(label), tree: subtree, digest: subtree.Digest()})
}

// SetFull returns m with label mapped to f, whose Witness prunes it in
// map witnesses. A nil Full is stored as Empty.
func (m Map) SetFull(label []byte, f *Full) Map {
	if f == nil || f.root == nil {
		return m.Set(label, Empty())
	}
	return m.set(&entry{label: bytes.Clone(label), kind: entryFull, full: f, digest: f.Digest()})
}

// SetMap returns m with label mapped to the nested map sub, whose Witness
// prunes it in map witnesses. An empty sub stands for Empty.
func (m Map) SetMap(label []byte, sub Map) Map {
	return m.set(&entry{label: bytes.Clone(label), kind: entryMap, sub: sub, digest: sub.Digest()})
}

func (m Map) set(e *entry) Map {
	if e.label == nil {
		e.label = []byte{}
	}
	l := newLeaf(e)
	if m.root == nil {
		return Map{l}
	}
	crit, differ := critBit(e.label, m.root.closest(e.label).e.label)
	if !differ {
		return Map{m.root.replace(l)}
	}
	return Map{m.root.insert(l, crit)}
}

// Delete returns m without label; m itself if label is absent.
func (m Map) Delete(label []byte) Map {
	if m.lookup(label) == nil {
		return m
	}
	return Map{m.root.remove(label)}
}

func (m Map) lookup(label []byte) *entry {
	if m.root == nil {
		return nil
	}
	if e := m.root.closest(label).e; bytes.Equal(e.label, label) {
		return e
	}
	return nil
}

// Get returns the subtree at label and whether label is present. For an
// entry set with SetFull or SetMap it builds that entry's whole tree.
func (m Map) Get(label []byte) (Tree, bool) {
	e := m.lookup(label)
	if e == nil {
		return Tree{}, false
	}
	return e.value(), true
}

// GetMap returns the nested map set at label with SetMap, and whether
// there is one; use it to update a nested map and SetMap it back.
func (m Map) GetMap(label []byte) (Map, bool) {
	e := m.lookup(label)
	if e == nil || e.kind != entryMap {
		return Map{}, false
	}
	return e.sub, true
}

// Len returns the number of entries.
func (m Map) Len() int {
	if m.root == nil {
		return 0
	}
	return m.root.size
}

// Digest returns the root hash of m's tree; EmptyHash for an empty map.
func (m Map) Digest() Hash {
	if m.root == nil {
		return EmptyHash
	}
	return m.root.hash
}

// value returns the whole subtree of an entry.
func (e *entry) value() Tree {
	switch e.kind {
	case entryFull:
		return e.full.Tree()
	case entryMap:
		return e.sub.Tree()
	}
	return e.tree
}
