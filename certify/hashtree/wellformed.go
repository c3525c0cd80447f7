package hashtree

import (
	"bytes"
	"errors"
	"fmt"
)

// ErrNotWellFormed is wrapped by the errors of WellFormed.
var ErrNotWellFormed = errors.New("hashtree: tree is not well formed")

// WellFormed checks the spec's well-formedness rules: within every list
// flatten_forks(t) the labels are strictly increasing (bytewise), and a
// leaf is neither mixed with labeled nodes nor with another leaf. Pruned
// nodes may appear anywhere.
func (t Tree) WellFormed() error {
	if err := wellFormed(t.n, 0); err != nil {
		return fmt.Errorf("%w: %w", ErrNotWellFormed, err)
	}
	return nil
}

func wellFormed(n *node, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("nested more than %d levels", MaxDepth)
	}
	var (
		prev    []byte
		labeled int
		leaves  int
		err     error
	)
	flatten(n, func(e Tree) bool {
		switch e.n.kind {
		case KindLeaf:
			leaves++
		case KindLabeled:
			if labeled > 0 && bytes.Compare(prev, e.n.data) >= 0 {
				err = fmt.Errorf("label %x does not follow %x", e.n.data, prev)
				return false
			}
			prev = e.n.data
			labeled++
			if err = wellFormed(e.n.left, depth+1); err != nil {
				return false
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	if leaves > 1 || leaves == 1 && labeled > 0 {
		return errors.New("leaf mixed with other leaves or labeled nodes")
	}
	return nil
}
