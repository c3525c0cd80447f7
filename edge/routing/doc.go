// Package routing sends Internet Computer API requests to a healthy replica
// of the right subnet: it is the edge's equivalent of an API boundary node.
//
// A Table maps canister ranges to subnets and subnets to nodes; it is
// immutable and comes from network.json today (FromNetworkFile), the
// registry later. A Router holds the current Table behind an atomic pointer
// (Update swaps it; nodes present in both tables keep their health and
// latency), checks every node's /api/v2/status on an interval, and
// implements http.RoundTripper for IC API paths:
//
//	/api/vN/canister/<ecid>/<op>  -> the subnet whose ranges hold ecid
//	/api/vN/subnet/<esid>/<op>    -> that subnet
//	/api/v2/status                -> the default subnet (else any)
//	    -> pick a usable node: weighted random, weight 1/(EWMA latency x (1+in flight))
//	    -> rewrite the URL, send the buffered body
//	    -> on failure: passive mark-down, retry on another node (policy below)
//
// # Retries
//
// Queries, read_state and status are side-effect free, so they are retried
// on another node after a connection error, a 5xx or a 429, up to
// Options.MaxRetries times, with exponential backoff from
// Options.RetryBackoff (a first retry after a dial error goes out at once:
// the request never left, and another node is most likely fine).
//
// Calls are retried only when the node surely did not take them: a dial
// error (no connection was made) or a 429 (the replica refused the message
// because its ingress pool is full). An update is deduplicated by request
// id on the IC, so a repeat cannot execute twice, but a repeat sent after
// the first copy reached a node changes what the client sees (a v3 sync
// call may then answer 202 instead of a certificate, a 5xx may come from a
// node that did accept the message), so we leave that decision to the
// agent, which polls read_state for the request id anyway.
//
// Every retry draws on a retry budget: over a sliding window, retries may
// be at most Options.RetryRatio of the requests plus Options.RetryMinPerSecond
// per second. Under a total outage the budget runs dry and requests fail
// after one attempt instead of multiplying the load by MaxRetries+1.
//
// # Health
//
// A node is usable when its last health check passed (or none has run yet)
// and it is not passively marked down. A check passes on 200 with
// replica_health_status "healthy" in the CBOR body. A connection error or
// a 502/503/504 on a request marks the node down for Options.PassiveDown,
// doubling with consecutive failures up to 16 times that; the next passing
// health check brings it back. When no node of the subnet is usable the
// Router fails fast with ErrNoHealthyNode.
//
// Errors are *Error values wrapping one of the package's sentinels; StatusOf
// maps any error to the HTTP status a caller should answer with.
package routing
