// Package upload syncs a folder into an asset canister (DFINITY's
// assetstorage interface, assets/wire): what `threshold assets sync
// <canister> <folder>` runs.
//
// A sync is these steps, the third one pure:
//
//	site := scan(dir)               // files, .ic-assets.json5 rules, content types, encodings
//	current := list + get_asset_properties (queries, Options.QueryConcurrency at a time)
//	plan := MakePlan(site, current) // the batch operations; empty: nothing is sent
//	contents(plan)                  // compress what the cache stood in for; check every SHA-256
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
// Compressing is most of a scan's time (brotli at quality 11 takes about
// a second per megabyte of text), and most syncs change few files. So
// Sync keeps a compression cache in the user's cache directory
// (Options.CacheDir; cache.go): for every content it compressed, by the
// content's SHA-256, the SHA-256 and length of its gzip and brotli
// encodings. Sync's scan still reads and hashes every file, once (the
// bytes stay in memory for the upload), but compresses only contents the
// cache does not know; the other compressed encodings are lazy, known by
// their SHA-256 and length only. The plan compares those with the
// canister's, and only the lazy encodings it uploads are compressed, just
// before the upload, and checked against what the cache said; a wrong
// entry is corrected and the sync plans again (contents.go). So a sync in
// which nothing changed compresses nothing, and a sync plans and uploads
// exactly what it would without the cache (cache.go says what a wrong
// entry can and cannot do). (Scan, the exported function,
// does not use the cache: its encodings all have their Content.)
//
// Package uploadtest generates folders of a given size for tests and
// measurements.
package upload
