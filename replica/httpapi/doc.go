// Package httpapi serves the Internet Computer's HTTP interface of one
// replica node as a net/http handler (PROTOCOL.md §1; interface spec
// https-interface.md). New wraps a Backend, the small interface the node
// implements, and answers:
//
//	GET  /api/v2/status                       status (root key, health)
//	POST /api/v2/canister/<ecid>/call         asynchronous call: 202
//	POST /api/v3|v4/canister/<ecid>/call      synchronous call: certificate
//	POST /api/v4/subnet/<esid>/call           canister creation by subnet admins
//	POST /api/v2|v3/canister/<ecid>/query     query, signed by the node key
//	POST /api/v3/subnet/<esid>/query          list_canisters
//	POST /api/v2|v3/canister/<ecid>/read_state
//	POST /api/v2|v3/subnet/<esid>/read_state
//
// Every other path is 404 "Endpoint not found.", which @icp-sdk/core needs
// to fall back from v4 to v2 calls; a known path with another method is 405.
//
// # One request
//
//	CORS / OPTIONS preflight -> route (404, 405, 400 bad id in URL)
//	  -> healthy? (503) -> Content-Type application/cbor (400)
//	  -> body within MaxBodyBytes and BodyReadTimeout (413, 408)
//	  -> envelope.Decode (400) -> envelope.Verify: request type, expiry,
//	     signature, delegations (400 / 403)
//	  -> effective id rules (400) and canister ranges (400)
//	  -> endpoint: Submit / Await / Query / ReadState on the Backend
//
// Responses are self-describing CBOR (d9 d9 f7 …, application/cbor);
// refusals are plain text with the status and, where it has one, the text
// of the DFINITY replica (rs/http_endpoints/public), so that agents that
// match on texts ("Invalid request expiry: ") behave as against the real
// network. Non-replicated rejections of calls are 200 with a CBOR reject, as
// the spec asks since version 0.19.
//
// The handler holds no state of its own: it is safe for concurrent use and
// can be mounted in any server. It bounds what it reads, but the server's
// ReadHeaderTimeout, IdleTimeout and WriteTimeout remain the server's job.
// A recover in ServeHTTP turns a panic (a broken invariant, in this package
// or in the backend) into a logged 500; decoders return errors instead.
package httpapi
