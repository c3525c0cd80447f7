// Package principal implements Internet Computer principals: the byte
// strings of at most 29 bytes that name users, canisters and subnets
// (PROTOCOL.md §3; interface spec index.md § Principals).
//
// A Principal is a small comparable value (a fixed array and a length), so
// it can be copied freely and used as a map key without allocation. The
// zero value is the management canister, aaaaa-aa.
//
// The textual form is Grouped(Base32(CRC32(b) · b)): the big-endian
// CRC-32 (IEEE) of the bytes prepended, RFC 4648 base32 in lowercase
// without padding, and a dash after every five characters. Parse accepts
// any letter case and nothing else that is not canonical.
//
// The classes of the spec are recognised by their last byte: opaque ids
// (canister ids, 0x01), self-authenticating ids (SHA-224 of a DER public
// key, 0x02), derived ids (0x03), the anonymous principal (0x04) and
// reserved ids (0x7f).
package principal
