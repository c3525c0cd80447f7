// Package limit protects the edge and the replicas behind it.
//
// A [Limiter] is a rate limiter keyed by a string: GCRA (the generic cell
// rate algorithm, a token bucket kept as one timestamp per key), in memory
// or shared by several edge PoPs through Redis. [PerIP] and [PerKey] turn a
// Limiter into middlewares: per client address (IPv6 by /64, X-Forwarded-For
// only from configured proxies) and per canister. A refused request gets
// 429 with Retry-After.
//
// With Redis the counters live in one Lua script run atomically on the
// server, using the server's clock, so PoPs agree. When Redis errors or
// answers slower than its timeout, the limiter falls back to its local
// counters at once, sets edge_limit_redis_up to 0, logs the change once,
// and probes Redis in the background until it answers, then uses it again.
// Local limits are per PoP: during an outage N PoPs together admit up to N
// times the configured rate.
//
// [Concurrency] caps the requests in flight to the replicas: beyond the cap
// a request waits in a bounded queue for a bounded time, then is shed with
// 503 and Retry-After. [Body] bounds request bodies (413); header size and
// count limits belong to the server (edge/serve).
package limit
