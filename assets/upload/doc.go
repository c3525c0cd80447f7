// Package upload syncs a folder into an asset canister (DFINITY's
// assetstorage interface, assets/wire): what `threshold assets sync
// <canister> <folder>` runs.
//
// A sync is three steps, the middle one pure:
//
//	site, err := Scan(dir)          // files, .ic-assets.json5 rules, content types, encodings
//	current := list + get_asset_properties (queries, several at a time)
//	plan := MakePlan(site, current) // the batch operations; empty: nothing is sent
//	create_batch; create_chunks ... (packed, Options.Concurrency in flight, retried);
//	commit_batch (one message, all operations: atomic); on failure delete_batch
//
// Sync does all of it against a Canister, a two-method interface (query,
// update), which package assets wires to the agent (replica/api/agent).
// The package sends nothing over the network itself.
//
// The folder's configuration is dfx's: .ic-assets.json5 files anywhere in
// the tree, each a JSON5 array of rules whose "match" globs apply below it
// (glob.go says exactly how), read with the package's own JSON5 reader
// (json5.go). Content types come from a built-in table (mime.go), so a
// folder syncs the same from every machine; compressible types also get
// deterministic gzip and brotli encodings when those save at least 5%
// (encode.go). Security policies add the headers of security.go.
//
// Package uploadtest generates folders of a given size for tests and
// measurements.
package upload
