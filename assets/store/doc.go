// Package store is the certified asset canister's logic: the state and
// methods of DFINITY's assetstorage.did interface (assets/wire), compiled
// into a wasm canister by assets/canister, whose glue binds the System API
// (Env) and calls Init, Query, Update, Inspect, Save and Restore. It is
// wire-compatible with ic-certified-assets, so @dfinity/assets, icx-asset
// and dfx work unchanged, and its HTTP answers verify with response
// verification v1 and v2 (PROTOCOL.md §8; certify/httpcert).
//
// # One message
//
//	Update(env, method, arg)
//	  decode arg (wire) ─▶ permission guard ─▶ change a txn (copy on write
//	  of the maps) ─▶ encode the result ─▶ swap the txn in ─▶ if assets
//	  changed: certification.update ─▶ env.SetCertifiedData(root)
//
// An error anywhere drops the txn, so Update is atomic by itself. Assets
// are immutable values: an operation stores a changed copy, and storing
// computes its assetCert (per encoding the response headers, the etag and
// the hashes of all its certified answers). certification.update then
// rebuilds the route table (keys, aliases, directory fallbacks, 404),
// re-certifies the routes whose target changed in a tree of persistent
// hashtree.Maps, and recomputes the witness of every exact route (each
// witness changes with the root). http_request hashes nothing: it picks
// the route and encoding and formats the IC-Certificate header from the
// data certificate and the precomputed base64 witness. A fallback answer
// cuts its witness per request, since it must prove the absence of the
// requested path, which is the request's own; so does a legacy v1 answer,
// to keep the precomputed witnesses (and the work of every change) to v2.
//
// # Certification (PROTOCOL.md §8.5–8.8)
//
// Every answer is certified in the v2 tree under http_expr with one of
// three expressions, each certifying all response headers the canister
// sends (response_header_exclusions: []), the status and the body hash
// (over the whole encoding, also when it is streamed):
//
//   - GET 200 (or the 404), response only;
//   - HEAD, empty body, request certification of the method, so that no
//     GET can be answered with an empty body;
//   - 304 to a GET whose only If-None-Match is the etag, request
//     certification of method and If-None-Match, so that no other GET can
//     be answered with a 304.
//
// The v1 tree http_assets maps each exact path to the SHA-256 of the
// identity encoding (or of the most preferred one when there is no
// identity). A request without certificate_version 2 gets a v1 answer
// when a v1 verifier can check it: an exact path as the request spells
// it, or the root fallback (v1 verifiers look up /index.html), in an
// encoding the verifier can hash (identity, gzip or deflate of an asset
// with identity, or the encoding whose hash is certified). Everything else
// (HEAD, nested fallbacks, 404, non-canonical paths like "//a") is answered
// with v2 certification, which a gateway that accepts v1 accepts too.
//
// # Routing
//
//   - The URL path is percent-decoded, the query ignored, and paths are
//     compared by their certification segments ("/a//b" is "/a/b").
//   - An asset with no encoding is not served.
//   - Aliases (is_aliased, default true; DFINITY's aliased_by): "/x.html"
//     answers "/x"; "/d/index.html" answers "/d/index", "/d/" and "/d". An
//     asset's own key wins over an alias, ".html" over "/index.html" for
//     "/d", then the smaller key.
//   - Fallback: a path with no route is answered by the nearest
//     "index.html" up its directories ("/a/b/c" and "/a/b/c/": "/a/b/",
//     "/a/", "/"; "/a/b": "/a/", "/"), certified as the wildcard
//     http_expr/<dir segments>/""/<*>. With none, a 404 (text/plain) is
//     certified as the root wildcard http_expr/""/<*>.
//   - Encodings: the first of br, gzip, deflate, identity, others (by
//     name) that Accept-Encoding accepts (an explicit entry decides, q=0
//     refuses, then "*", then identity is acceptable); if none is, identity
//     or else the most preferred one.
//   - allow_raw_access (default true, as in ic-certified-assets and dfx
//     since 0.14): when false, a request whose Host contains ".raw." gets
//     an uncertified 308 to the same URL on the host without ".raw".
//   - Methods other than GET (in any case: @dfinity/assets sends "get")
//     and HEAD get an uncertified 405 with Allow.
//   - Asset keys must start with '/' and no segment may be "<$>" or "<*>"
//     (the tree's terminators).
//
// # Decisions where DFINITY's canister differs or is silent
//
//   - api_version answers 2, as ic-certified-assets does (create_chunks
//     exists; icx-asset uses it only for version 2).
//   - commit_batch does not need the batch to exist (icx-asset commits in
//     stages under batch id 0); chunks are found by id in any batch and
//     consumed; at the end the batch and its unused chunks are freed.
//     commit_batch of a proposed batch is refused (use
//     commit_proposed_batch).
//   - The Clear operation of a batch clears the assets only; the clear
//     method also drops all batches and chunks (ids are not reset).
//   - compute_evidence computes the whole evidence on the first call and
//     keeps it (the hash is evidence.rs's, including its quirk of hashing
//     last_chunk only when chunk_ids is empty); a proposed batch with
//     evidence never expires; no batch can be created while one is
//     proposed.
//   - get_chunk checks sha256 only when given; the streaming callback
//     requires it (its tokens always carry it).
//   - Permissions: Commit implies Prepare; controllers may do everything;
//     anyone may drop its own permissions (deauthorize, revoke_permission);
//     deauthorize of another principal needs a controller,
//     revoke_permission ManagePermissions; the anonymous principal is never
//     granted anything. Init's and the upgrade's set_permissions replace the
//     three lists, as DFINITY's do. get_configuration needs Prepare.
//   - Custom headers are kept one per name (the last, names compared
//     case-insensitively); they replace the built-in header of the same
//     name (content-type, cache-control, vary) except content-encoding,
//     etag and the certification headers, which they cannot set.
//   - http_request and certified_tree need a data certificate: called as
//     updates they fail (ErrNoCertificate).
//
// # Upgrades
//
// Save writes a versioned binary snapshot (snapshot.go) of the assets,
// properties, permissions, configuration and next ids, streaming the
// content, with a SHA-256 trailer; in-flight batches are dropped. Restore
// reads it back, refusing truncated or corrupt input, and recomputes the
// certification.
//
// The package imports no part of certify that needs cgo: it builds with
// GOOS=wasip1 GOARCH=wasm.
package store
