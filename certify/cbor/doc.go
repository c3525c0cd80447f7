// Package cbor reads and writes the subset of CBOR (RFC 8949) that the
// Internet Computer's HTTP interface and certificates use: unsigned
// integers, byte and text strings, arrays, maps, tags and the simple values.
//
// The reader is strict and allocation-free: it works on a byte slice,
// returns sub-slices instead of copies, checks every length against the
// bytes that remain (so a forged length cannot make it allocate), bounds the
// nesting depth, and never panics. Indefinite-length items are refused:
// every IC agent emits definite lengths, and request content is hashed by
// value, not by its bytes (RATIONALE.md). Decoding a typed message, checking
// for duplicate or missing keys, is left to the message's own parser.
//
// The writer is a set of Append functions in the style of strconv: each
// appends one item's header (and payload) to a slice and returns it, always
// in the shortest form.
package cbor
