package certify

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/hashtree"
)

// maxPrincipal is the longest principal (PROTOCOL.md §3.1).
const maxPrincipal = 29

// Range is an inclusive range of principals, ordered bytewise.
type Range struct{ Low, High []byte }

// Ranges is a list of canister ranges of a subnet.
type Ranges []Range

// Contains reports whether id lies in one of the ranges.
func (rs Ranges) Contains(id []byte) bool {
	for _, r := range rs {
		if bytes.Compare(r.Low, id) <= 0 && bytes.Compare(id, r.High) <= 0 {
			return true
		}
	}
	return false
}

// ParseRanges decodes a canister-range value, #6.55799([* [principal
// principal]]) with the tag optional, appending its ranges to rs. The
// result aliases b.
func ParseRanges(rs Ranges, b []byte) (Ranges, error) {
	r := cbor.NewReader(b)
	r.SkipSelfDescribe()
	n, err := r.ArrayLen()
	if err != nil {
		return rs, fmt.Errorf("%w: canister ranges: %w", ErrMalformed, err)
	}
	for range n {
		var rg Range
		if err := parseRange(r, &rg); err != nil {
			return rs, fmt.Errorf("%w: canister range: %w", ErrMalformed, err)
		}
		rs = append(rs, rg)
	}
	if err := r.End(); err != nil {
		return rs, fmt.Errorf("%w: canister ranges: %w", ErrMalformed, err)
	}
	return rs, nil
}

func parseRange(r *cbor.Reader, rg *Range) error {
	n, err := r.ArrayLen()
	if err != nil {
		return err
	}
	if n != 2 {
		return fmt.Errorf("range of %d elements, want 2", n)
	}
	if rg.Low, err = r.Bytes(); err != nil {
		return err
	}
	if rg.High, err = r.Bytes(); err != nil {
		return err
	}
	if len(rg.Low) > maxPrincipal || len(rg.High) > maxPrincipal {
		return errors.New("principal longer than 29 bytes")
	}
	return nil
}

// SubnetRanges returns the canister ranges that tree certifies for subnet
// sid: the shards revealed under /canister_ranges/<sid> (pruned shards are
// skipped: they cannot widen the ranges), or else the legacy value at
// /subnet/<sid>/canister_ranges. It fails with ErrRange when neither is
// available.
func SubnetRanges(tree hashtree.Tree, sid []byte) (Ranges, error) {
	var rs Ranges
	sub, res := tree.LookupSubtree([]byte("canister_ranges"), sid)
	if res == hashtree.Found {
		shards := 0
		for e := range sub.Flatten() {
			v := e.Subtree().Value()
			if e.Kind() != hashtree.KindLabeled || e.Subtree().Kind() != hashtree.KindLeaf {
				continue
			}
			var err error
			if rs, err = ParseRanges(rs, v); err != nil {
				return nil, err
			}
			shards++
		}
		if shards > 0 {
			return rs, nil
		}
	}
	v, res := tree.Lookup([]byte("subnet"), sid, []byte("canister_ranges"))
	if res != hashtree.Found {
		return nil, fmt.Errorf("%w: no canister ranges for subnet %x (sharded and legacy paths %v)", ErrRange, sid, res)
	}
	return ParseRanges(rs, v)
}
