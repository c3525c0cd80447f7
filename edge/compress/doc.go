// Package compress is the edge's response compression middleware.
//
// Canisters often answer with uncompressed text (HTML, JSON, JavaScript,
// SVG, WebAssembly). When the client accepts it, the middleware compresses
// such an answer with brotli or gzip on the way out, choosing by the
// Accept-Encoding q-values (RFC 9110 section 12.5.3). It leaves alone any
// answer that is already encoded, partial (206, Content-Range), small,
// bodiless (HEAD, 204, 304) or of a type that does not compress.
//
// A compressed answer gets Content-Encoding, loses Content-Length and
// Accept-Ranges, and its strong ETag becomes weak (W/"..."), because the
// bytes are a transformation of the canister's representation (RFC 9110
// section 8.8.3). Every answer of a compressible type gets
// "Vary: Accept-Encoding", compressed or not, because the decision depended
// on that header.
//
// The middleware runs inside the cache (cache -> compress -> gateway), so a
// compressed variant is computed once and then served from the cache; the
// cache keys it by [ParseAccept]'s normalised set of accepted encodings.
package compress
