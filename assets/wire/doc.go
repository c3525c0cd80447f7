// Package wire holds the asset canister's Candid interface (assets.did,
// DFINITY's assetstorage.did types) and converts its arguments and results
// between Candid bytes and Go values, for the canister (assets/store) and
// for the clients that talk to it (assets/upload).
//
// Each method is a variable of type Method[A, R], A and R being the Go
// forms of its arguments and results (types.go):
//
//	// canister side
//	args, err := wire.CommitBatchMethod.DecodeArgs(arg)
//	…
//	reply, err := wire.CommitBatchMethod.EncodeResult(struct{}{})
//
//	// client side
//	arg, err := wire.CreateBatchMethod.EncodeArgs(struct{}{})
//	…
//	batchID, err := wire.CreateBatchMethod.DecodeResult(reply)
//
// Decoding follows Candid's subtyping rules (replica/api/candid), so older
// clients that omit newer opt fields (certificate_version, last_chunk,
// max_age, …) are understood. Decoders trust nothing: a nat id or length
// that does not fit 64 bits, or a principal longer than 29 bytes, is an
// *Error naming the field, e.g. "operations[1].SetAssetContent.chunk_ids[0]".
//
// # How it is built
//
// codec.go is the generic core: a conv[T] pairs a Candid type with the two
// functions that convert T to and from candid.Value; record, variant, opt
// and vec build convs from convs, and fieldOf / altOf bind a Candid field
// name to a struct field once, so the type and both directions cannot
// disagree. Every other file declares the convs of a group of types. The
// Candid types are built once, at package initialisation; a test parses
// assets.did and checks that they are the same.
//
// The answer of http_request, encoded on every page view, has a
// hand-written encoder (http_fast.go) that reuses a type table laid out
// once; tests and a fuzz target check it against the generic path byte
// for byte.
package wire
