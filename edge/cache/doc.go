// Package cache is the edge's HTTP cache of verified canister answers.
//
// The middleware sits in front of the compressor and the gateway
// (cache -> compress -> gateway). It stores only what the gateway marked
// with "X-Edge-Cacheable: 1" (verified, or from a raw host, which has its
// own keys) and what RFC 9111 lets a shared cache store, and it serves:
//
//   - hits from memory (bytes-bounded, SIEVE eviction) or from Redis shared
//     by several PoPs, with Age, X-Cache and Cache-Status (RFC 9211);
//   - HEAD from the GET entry, and 304 for If-None-Match / If-Modified-Since;
//   - one upstream request per key at a time: concurrent misses wait (for a
//     bounded time) for the first and are then served from what it stored;
//   - stale-if-error (RFC 5861): when the gateway marks its answer with
//     "X-Edge-Upstream-Failure: 1" and a stale entry is still within the
//     configured bound, that entry is served instead, with its Age.
//
// Every X-Edge-* header is removed from what leaves the middleware.
//
// The key is the host without port, the path, the query, the set of
// accepted encodings (compress.ParseAccept), Range and If-Range, plus the
// request headers the stored answer's Vary names: a Vary answer leaves a
// small "vary record" at the plain key that says which headers to add.
//
// Redis is a second tier behind memory: misses in memory look there, and
// stores go to both. When Redis errors or is slower than its timeout the
// cache carries on with memory alone, sets edge_cache_redis_up to 0, logs
// the change once and pings Redis until it answers again.
package cache
