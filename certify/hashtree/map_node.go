package hashtree

import "math/bits"

// This file holds the crit-bit trie under Map. Labels are compared as bit
// strings in which every byte b becomes nine bits, a 1 followed by the
// eight bits of b, and the string ends in infinitely many 0s. Two distinct
// labels differ at some first position, their critical bit; bit strings
// compare like the labels do bytewise (a label sorts before its
// extensions because the end's 0 is below the next byte's marker 1).
//
// An internal node splits its leaves by the bit at crit: those with a 0
// go left and are smaller. Every leaf below agrees on all bits before
// crit, and crit grows strictly on the way down, so the trie over a set
// of labels is unique.

// mnode is a trie node: a leaf holding one entry, or an internal node with
// two children. hash is the digest of the hash tree the node stands for,
// Labeled(label, value) for a leaf and Fork(left, right) otherwise.
type mnode struct {
	hash Hash
	size int       // number of leaves below
	crit int       // internal nodes: the bit that tells the sides apart
	kids [2]*mnode // internal nodes; both nil in a leaf
	e    *entry    // leaves
}

func (n *mnode) isLeaf() bool { return n.e != nil }

func newLeaf(e *entry) *mnode {
	h := newHasher()
	return &mnode{hash: h.labeled(e.label, &e.digest), size: 1, e: e}
}

func newInner(crit int, left, right *mnode) *mnode {
	return &mnode{
		hash: forkHash(&left.hash, &right.hash),
		size: left.size + right.size,
		crit: crit,
		kids: [2]*mnode{left, right},
	}
}

// bitAt returns bit p of label's bit string.
func bitAt(label []byte, p int) int {
	i, j := p/9, p%9
	switch {
	case i >= len(label):
		return 0
	case j == 0:
		return 1
	}
	return int(label[i]>>(8-j)) & 1
}

// critBit returns the first position at which the bit strings of a and b
// differ, and false if a and b are equal.
func critBit(a, b []byte) (int, bool) {
	n := min(len(a), len(b))
	for i := range n {
		if x := a[i] ^ b[i]; x != 0 {
			return 9*i + 1 + bits.LeadingZeros8(x), true
		}
	}
	if len(a) == len(b) {
		return 0, false
	}
	return 9 * n, true // the shorter label ends here
}

// closest follows label's bits down to a leaf. That leaf shares the
// longest prefix with label of all leaves below n.
func (n *mnode) closest(label []byte) *mnode {
	for !n.isLeaf() {
		n = n.kids[bitAt(label, n.crit)]
	}
	return n
}

// insert returns a copy of the trie n with leaf l added, where crit is the
// critical bit between l's label and n.closest(l's label); nodes off the
// path are shared.
func (n *mnode) insert(l *mnode, crit int) *mnode {
	if n.isLeaf() || n.crit > crit {
		if bitAt(l.e.label, crit) == 1 {
			return newInner(crit, n, l)
		}
		return newInner(crit, l, n)
	}
	d := bitAt(l.e.label, n.crit)
	kids := n.kids
	kids[d] = kids[d].insert(l, crit)
	return newInner(n.crit, kids[0], kids[1])
}

// replace returns a copy of n in which leaf l takes the place of the leaf
// with the same label, which must exist.
func (n *mnode) replace(l *mnode) *mnode {
	if n.isLeaf() {
		return l
	}
	d := bitAt(l.e.label, n.crit)
	kids := n.kids
	kids[d] = kids[d].replace(l)
	return newInner(n.crit, kids[0], kids[1])
}

// remove returns a copy of n without the leaf whose label is label, which
// must exist; nil when that leaf was n itself.
func (n *mnode) remove(label []byte) *mnode {
	if n.isLeaf() {
		return nil
	}
	d := bitAt(label, n.crit)
	kid := n.kids[d].remove(label)
	if kid == nil {
		return n.kids[1-d] // the sibling takes the parent's place
	}
	kids := n.kids
	kids[d] = kid
	return newInner(n.crit, kids[0], kids[1])
}

// rank returns how many labels below n sort before label, and whether
// label itself is present.
func (n *mnode) rank(label []byte) (int, bool) {
	crit, differ := critBit(label, n.closest(label).e.label)
	r := 0
	for !n.isLeaf() && (!differ || n.crit < crit) {
		d := bitAt(label, n.crit)
		if d == 1 {
			r += n.kids[0].size
		}
		n = n.kids[d]
	}
	if !differ {
		return r, true
	}
	// Every label below n agrees with label before crit and differs at
	// crit, so label sorts before or after all of them.
	if bitAt(label, crit) == 1 {
		r += n.size
	}
	return r, false
}
