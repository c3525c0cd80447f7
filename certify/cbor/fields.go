package cbor

import (
	"errors"
	"fmt"
)

// ErrDuplicateKey reports a map key that occurs twice. The IC's CBOR
// conventions forbid duplicate keys (https-interface.md § CBOR encoding).
var ErrDuplicateKey = errors.New("cbor: duplicate map key")

// Fields reads a map whose keys are text strings and calls f once per key,
// in wire order. f must consume exactly the value that follows the key.
// A key that repeats is an error, and so is a key that is not text.
func (r *Reader) Fields(f func(key string) error) error {
	n, err := r.MapLen()
	if err != nil {
		return err
	}
	var small [16]string
	seen := small[:0]
	var big map[string]struct{}
	for i := 0; i < n; i++ {
		kb, err := r.TextBytes()
		if err != nil {
			return fmt.Errorf("map key: %w", err)
		}
		k := string(kb)
		if big != nil {
			if _, dup := big[k]; dup {
				return r.errf(ErrDuplicateKey, "%q", k)
			}
			big[k] = struct{}{}
		} else {
			for _, s := range seen {
				if s == k {
					return r.errf(ErrDuplicateKey, "%q", k)
				}
			}
			if len(seen) < cap(seen) {
				seen = append(seen, k)
			} else {
				big = make(map[string]struct{}, n)
				for _, s := range seen {
					big[s] = struct{}{}
				}
				big[k] = struct{}{}
			}
		}
		if err := f(k); err != nil {
			return fmt.Errorf("field %q: %w", k, err)
		}
	}
	return nil
}
