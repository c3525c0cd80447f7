package gateway

import (
	"time"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Event describes one request the gateway handled; Metrics receives it and
// tests assert on it (a typed "response failed verification" event is an
// Event with Cause "verification_failed").
type Event struct {
	Canister principal.Principal // zero when the host did not resolve
	Domain   string              // resolve.Kind's name, "" when unresolved
	Status   int
	// Cause is "" for a served answer, else the Cause code.
	Cause string
	// Reason is the httpcert reason of a verification failure.
	Reason string
	// Verification is how the answer was checked: "v2", "v2-skip",
	// "v1", "raw", "update", or "" when there is no answer.
	Verification string
	Upgraded     bool
	Chunks       int           // streaming callbacks followed
	Upstream     time.Duration // the upstream phase
	Total        time.Duration
}

// Metrics observes requests. Implementations must be safe for concurrent
// use and quick: Observe runs on the request path. The edge's wiring turns
// events into its Prometheus series (requests by status, cause and domain;
// verifications by result and version or reason; upstream latency by
// query or update), so this package needs no metrics library.
type Metrics interface {
	Observe(Event)
}

type nopMetrics struct{}

func (nopMetrics) Observe(Event) {}
