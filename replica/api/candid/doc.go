// Package candid implements Candid, the interface description language of
// the Internet Computer: its types, its binary format (both directions, with
// the subtyping coercions the specification requires of a decoder), its
// textual value syntax, and .did service files.
//
// The specification is dfinity/candid spec/Candid.md; PROTOCOL.md §9 of this
// project summarises the binary format.
//
// # Types and values
//
// A *Type is built from the primitive types (Nat, Text, …) and the
// constructors Opt, Vec, Record, Variant, Tuple, Func and Service. Recursive
// types are made with Named and Define. A Value is an immutable tree; nat and
// int are big integers, vec nat8 is kept as a byte slice (a blob), records
// and variants carry their fields sorted by id.
//
// # Binary format
//
// Encode writes a message with a minimal type table (composite types are
// deduplicated; recursive types become table cycles). Decode reads a message
// and coerces every argument to the expected type following the
// specification's coercion rules: missing opt/null/reserved record fields and
// trailing arguments become null, extra fields and arguments are skipped, a
// value that does not fit an opt becomes null, nat widens to int, func and
// service references are checked with the subtyping relation. DecodeAny
// decodes with the message's own types.
//
// Decoding never panics and is bounded: the type table holds at most
// maxTypes entries, values nest at most maxDepth deep, a vector never
// allocates more than the remaining input can justify, and every value the
// decoder produces or skips is charged to a budget of costBase + costPerByte
// units per input byte consumed. The budget is what refuses "space bombs": vectors of
// null, reserved or empty records cost no bytes on the wire but would cost
// time and memory to materialise.
//
// # Text
//
// ParseArgs reads the textual syntax `(record { name = "x"; n = 5 : nat },
// opt vec { 1; 2 }, blob "\de\ad", principal "aaaaa-aa")`; numbers without an
// annotation stay untyped (KindNumber) until Encode or Coerce gives them a
// type. FormatArgs and Value.String print the same syntax back.
//
// ParseDid reads a service description: type definitions, the service and
// its optional init arguments. A command line tool finds a method with
// Did.Method, parses the argument text with ParseArgs, encodes it with
// Encode(method.Args(), args) and decodes the reply with
// Decode(reply, method.Results()).
//
// Errors are prefixed "candid: " and wrap one of ErrInvalid (malformed
// input), ErrType (a value does not fit the expected type), ErrLimit (a
// resource limit was hit) or ErrSyntax (bad text or .did input).
package candid
