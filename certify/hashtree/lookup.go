package hashtree

import (
	"bytes"
	"iter"
)

// Result is the outcome of a lookup (certification.md § Lookup).
type Result uint8

// Lookup outcomes.
const (
	// Found: the path leads to a value (Lookup) or a subtree (LookupSubtree).
	Found Result = iota + 1
	// Absent: the tree proves that the path does not exist.
	Absent
	// Unknown: the part of the tree that would decide was pruned.
	Unknown
	// Error: the path ends at a labeled node or a fork, not at a value.
	Error
)

func (r Result) String() string {
	switch r {
	case Found:
		return "Found"
	case Absent:
		return "Absent"
	case Unknown:
		return "Unknown"
	case Error:
		return "Error"
	}
	return "Invalid"
}

// Lookup implements lookup_path: it follows the labels of path and returns
// the value of the leaf it ends at, with Found, or the reason there is none.
// A path ending at Empty is Absent, at a Pruned node Unknown, and at a
// labeled node or fork Error.
func (t Tree) Lookup(path ...[]byte) ([]byte, Result) {
	sub, r := t.LookupSubtree(path...)
	if r != Found {
		return nil, r
	}
	switch sub.Kind() {
	case KindEmpty:
		return nil, Absent
	case KindLeaf:
		return sub.n.data, Found
	case KindPruned:
		return nil, Unknown
	default:
		return nil, Error
	}
}

// LookupSubtree follows the labels of path like Lookup but returns the
// subtree the path ends at, whatever its kind. The empty path yields t.
func (t Tree) LookupSubtree(path ...[]byte) (Tree, Result) {
	n := t.n
	for _, l := range path {
		f := finder{label: l}
		f.visit(n)
		r := f.result()
		if r != Found {
			return Tree{}, r
		}
		n = f.found
	}
	return Tree{n}, Found
}

// finder implements find_label(l, flatten_forks(t)) in one in-order pass
// without building the flattened list.
type finder struct {
	label []byte
	prev  *node // the last list element seen
	count int   // how many list elements were seen
	found *node
	res   Result // set when the scan stopped early
}

func (f *finder) visit(n *node) {
	if f.res != 0 || n == nil || n.kind == KindEmpty {
		return
	}
	if n.kind == KindFork {
		f.visit(n.left)
		f.visit(n.right)
		return
	}
	if n.kind == KindLabeled {
		switch c := bytes.Compare(f.label, n.data); {
		case c == 0:
			f.found, f.res = n.left, Found
			return
		case c < 0:
			// l lies before this label: proven absent only if nothing or
			// a smaller label comes directly before it.
			if f.count == 0 || f.prev.kind == KindLabeled {
				f.res = Absent
			} else {
				f.res = Unknown
			}
			return
		}
	}
	f.prev = n
	f.count++
}

func (f *finder) result() Result {
	switch {
	case f.res != 0:
		return f.res
	case f.count == 0:
		return Absent // find_label(l, []) = Absent
	case f.count == 1 && f.prev.kind == KindLeaf:
		return Absent // find_label(l, [Leaf _]) = Absent
	case f.prev.kind == KindLabeled:
		return Absent // the last label is smaller than l
	}
	return Unknown
}

// Flatten yields the elements of flatten_forks(t): the nodes that are not
// forks, left to right, skipping Empty.
func (t Tree) Flatten() iter.Seq[Tree] {
	return func(yield func(Tree) bool) { flatten(t.n, yield) }
}

func flatten(n *node, yield func(Tree) bool) bool {
	if n == nil || n.kind == KindEmpty {
		return true
	}
	if n.kind == KindFork {
		return flatten(n.left, yield) && flatten(n.right, yield)
	}
	return yield(Tree{n})
}
