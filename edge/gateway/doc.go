// Package gateway is the edge's HTTP gateway (PROTOCOL.md §8): an
// http.Handler that turns a browser's request into the canister's
// http_request, checks the answer against the subnet's threshold signature
// and serves it.
//
// One request:
//
//	Host, ?canisterId= ─▶ resolve.Resolver ─▶ Target{canister, verify}
//	        │ (errors: pages 400/404)
//	HttpRequest{method, url = path?query, headers (Host included,
//	        "identity" added to Accept-Encoding), body ≤ MaxRequestBody,
//	        certificate_version = opt 2}; HEAD is sent as GET
//	        │
//	query http_request ──upgrade = opt true──▶ update http_request_update
//	        │                                   (sync call, polling fallback)
//	streaming_strategy = Callback ─▶ query the callback (a method of the
//	        same canister) with the token, re-encoded with the type from
//	        the answer's own type table, until token = null; within
//	        MaxStreamChunks, MaxStreamTime and MaxResponseBody
//	        │
//	verify (skipped for raw names and update answers): certify/httpcert
//	        v2, or v1 when the canister's supported_certificate_versions
//	        metadata allows it (absent: a legacy canister, allowed)
//	        │
//	respond: status, headers (v2: the certified ones and IC-Certificate;
//	        v1: all but Cache-Control, no redirects; raw/update/skip: all),
//	        minus hop-by-hop and X-Edge-* headers, body (none for HEAD)
//
// # Streaming and verification
//
// ic-gateway verifies a streamed body only when it has at most four chunks.
// Here every streamed body is assembled, within MaxResponseBody, and
// verified whole: in v2 the response hash covers the complete body, and v1
// certifies the hash of the complete body, so one check covers every chunk
// and a truncated, reordered or altered chunk fails it. The price is that a
// certified stream reaches the client only once it is complete. Chunks of an
// upgraded (update) answer come from queries that no certificate covers, so
// on verified names such a stream is refused rather than served unchecked.
//
// # Failures
//
// Every failure is a *Cause: an HTTP status, a stable code (the metric
// label), a title and a detail, rendered as a small self-contained HTML page
// for browsers and as JSON for other clients, logged once, counted once.
// An answer that fails verification gives 503 with the reason; its body is
// never sent. Causes due to an unavailable upstream also carry
// X-Edge-Upstream-Failure so that the cache may serve a stale answer.
//
// # Headers for the cache
//
// X-Edge-Canister names the canister on every response for one;
// X-Edge-Cacheable marks a GET or HEAD answer that passed verification or
// came from a raw name; X-Edge-Upstream-Failure marks failures of the
// upstream. A canister cannot set any X-Edge-* header: they are dropped from
// its answers.
package gateway
