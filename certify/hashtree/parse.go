package hashtree

import (
	"errors"
	"fmt"

	"github.com/threshold-ic/threshold/certify/cbor"
)

// MaxDepth bounds the nesting of forks and labeled nodes that Parse and
// Decode accept. Trees the IC emits are balanced: even a witness into a
// state tree with millions of entries nests well under a hundred levels.
const MaxDepth = 256

// ErrMalformed is wrapped by every decoding error.
var ErrMalformed = errors.New("hashtree: malformed tree")

// Parse decodes a CBOR-encoded hash tree that fills b entirely. A leading
// self-describe tag (55799) is accepted. Labels, values and pruned hashes
// of the result are sub-slices of b, so b must not be modified while the
// tree is in use.
func Parse(b []byte) (Tree, error) {
	r := cbor.NewReader(b)
	r.SkipSelfDescribe()
	t, err := Decode(r)
	if err != nil {
		return Tree{}, err
	}
	if err := r.End(); err != nil {
		return Tree{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return t, nil
}

// Decode reads one hash tree from r, as Parse does, but leaves any bytes
// that follow it unread and accepts no tag.
func Decode(r *cbor.Reader) (Tree, error) {
	d := decoder{r: r, chunk: 16}
	n, err := d.tree(0)
	if err != nil {
		return Tree{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return Tree{n}, nil
}

// decoder allocates nodes in slabs: one allocation per chunk of nodes
// instead of one per node. Pointers into a slab stay valid because a full
// slab is replaced, never grown.
type decoder struct {
	r     *cbor.Reader
	slab  []node
	chunk int
}

func (d *decoder) alloc(kind Kind) *node {
	if len(d.slab) == cap(d.slab) {
		d.slab = make([]node, 0, d.chunk)
		d.chunk = min(2*d.chunk, 1024)
	}
	d.slab = append(d.slab, node{kind: kind})
	return &d.slab[len(d.slab)-1]
}

// arity is the CBOR array length of each node kind.
var arity = [...]int{KindEmpty: 1, KindFork: 3, KindLabeled: 3, KindLeaf: 2, KindPruned: 2}

func (d *decoder) tree(depth int) (*node, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("nested more than %d levels", MaxDepth)
	}
	n, err := d.r.ArrayLen()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errors.New("empty node array")
	}
	tag, err := d.r.Uint()
	if err != nil {
		return nil, fmt.Errorf("node kind: %w", err)
	}
	if tag > uint64(KindPruned) {
		return nil, fmt.Errorf("unknown node kind %d", tag)
	}
	kind := Kind(tag)
	if n != arity[kind] {
		return nil, fmt.Errorf("%s node with %d elements, want %d", kind, n, arity[kind])
	}
	switch kind {
	case KindEmpty:
		return nil, nil
	case KindFork:
		nd := d.alloc(kind)
		if nd.left, err = d.tree(depth + 1); err != nil {
			return nil, err
		}
		if nd.right, err = d.tree(depth + 1); err != nil {
			return nil, err
		}
		return nd, nil
	case KindLabeled:
		nd := d.alloc(kind)
		if nd.data, err = d.r.Bytes(); err != nil {
			return nil, fmt.Errorf("label: %w", err)
		}
		if nd.left, err = d.tree(depth + 1); err != nil {
			return nil, err
		}
		return nd, nil
	case KindLeaf:
		nd := d.alloc(kind)
		if nd.data, err = d.r.Bytes(); err != nil {
			return nil, fmt.Errorf("leaf value: %w", err)
		}
		return nd, nil
	default: // KindPruned
		nd := d.alloc(kind)
		if nd.data, err = d.r.Bytes(); err != nil {
			return nil, fmt.Errorf("pruned hash: %w", err)
		}
		if len(nd.data) != len(Hash{}) {
			return nil, fmt.Errorf("pruned hash of %d bytes, want 32", len(nd.data))
		}
		return nd, nil
	}
}
