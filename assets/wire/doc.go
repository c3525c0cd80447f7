// Package wire holds the asset canister's Candid interface (assets.did,
// DFINITY's assetstorage.did types) and converts its arguments and results
// between Candid bytes and Go values, for the canister (assets/store) and
// for the clients that talk to it (assets/sync).
package wire
