// Package hashtree implements the Internet Computer's certified hash trees
// (interface spec, certification.md; PROTOCOL.md §4.2–4.3).
//
// A hash tree is one of five node kinds:
//
//	Empty | Fork(left, right) | Labeled(label, subtree) | Leaf(value) | Pruned(hash)
//
// and its root hash is
//
//	reconstruct(Empty)       = H(sep("ic-hashtree-empty"))
//	reconstruct(Fork l r)    = H(sep("ic-hashtree-fork") · reconstruct(l) · reconstruct(r))
//	reconstruct(Labeled l t) = H(sep("ic-hashtree-labeled") · l · reconstruct(t))
//	reconstruct(Leaf v)      = H(sep("ic-hashtree-leaf") · v)
//	reconstruct(Pruned h)    = h
//
// where H is SHA-256 and sep(s) is the byte |s| followed by s.
//
// The package has two halves.
//
// The client half reads trees: Parse and Decode are strict CBOR decoders
// (definite lengths, exact array arities, 32-byte pruned hashes, bounded
// nesting, no trailing bytes) that never panic and return labels and values
// as sub-slices of the input; Append encodes a tree back; Digest
// reconstructs the root hash; Lookup and LookupSubtree implement the spec's
// lookup_path with its four outcomes Found, Absent, Unknown and Error; and
// WellFormed checks that labels are strictly increasing and that leaves are
// not mixed with labeled nodes.
//
// The replica half writes trees: a Builder collects labeled paths and
// values, Build freezes them into a Full tree whose every digest is computed
// once, and Full.Witness produces the pruned tree a replica sends for a set
// of requested paths. A witness reveals the whole subtree under every
// requested path, keeps the labeled nodes on the way to it, and, for a
// label that does not exist, keeps its neighbouring labels (with pruned
// subtrees) so that clients see Absent rather than Unknown. Everything else
// is pruned to the largest possible subtrees. Its digest equals the full
// tree's digest.
//
// Trees are immutable values; a Tree is safe to share between goroutines.
package hashtree
