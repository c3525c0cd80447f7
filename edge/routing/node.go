package routing

import (
	"math"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// ewmaWeight is the weight of a new latency sample in the moving average.
const ewmaWeight = 0.3

// maxDownDoublings caps the passive mark-down at PassiveDown << 4.
const maxDownDoublings = 4

// node is a node's live state, shared by the tables it appears in. Reads on
// the request path are atomic; updates take mu.
type node struct {
	Node
	subnet principal.Principal
	label  string // node id text, for metrics and logs
	slabel string // subnet id text

	checkFailed atomic.Bool  // the last health check failed
	downUntil   atomic.Int64 // unix ns until which the node is passively down
	ewmaNanos   atomic.Int64 // latency average; 0 = not measured
	inflight    atomic.Int64
	checking    atomic.Bool // a health check is running

	mu       sync.Mutex
	failures int  // consecutive passive failures
	reported bool // healthy as last reported (event and gauge)
}

func newNode(n Node, subnet principal.Principal) *node {
	return &node{Node: n, subnet: subnet, label: n.ID.String(), slabel: subnet.String(), reported: true}
}

// usable reports whether requests may go to the node at now.
func (n *node) usable(now int64) bool {
	return !n.checkFailed.Load() && n.downUntil.Load() <= now
}

// score is the node's cost for choice: latency times load.
func (n *node) score(initial int64) float64 {
	l := n.ewmaNanos.Load()
	if l <= 0 {
		l = initial
	}
	return float64(l) * float64(1+n.inflight.Load())
}

// observe folds a latency sample into the average.
func (n *node) observe(d time.Duration) {
	if d <= 0 {
		d = time.Microsecond
	}
	n.mu.Lock()
	old := n.ewmaNanos.Load()
	if old == 0 {
		n.ewmaNanos.Store(int64(d))
	} else {
		n.ewmaNanos.Store(int64(math.Round((1-ewmaWeight)*float64(old) + ewmaWeight*float64(d))))
	}
	n.mu.Unlock()
}

// markDown takes the node out after a failed request, for base doubled per
// consecutive failure.
func (n *node) markDown(now time.Time, base time.Duration) {
	n.mu.Lock()
	defer n.mu.Unlock()
	d := base << min(n.failures, maxDownDoublings)
	n.failures++
	n.downUntil.Store(now.Add(d).UnixNano())
}

// succeeded clears the consecutive failure count after an answer, once
// the mark-down it caused has expired (an answer to a request sent before
// the failure says nothing about the node now).
// It reports whether it cleared anything.
func (n *node) succeeded(now time.Time) bool {
	d := n.downUntil.Load()
	if d == 0 || d > now.UnixNano() {
		return false
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.downUntil.CompareAndSwap(d, 0) {
		return false
	}
	n.failures = 0
	return true
}

// checked records a health check result; a passing check also ends a
// passive mark-down (the node recovered).
func (n *node) checked(ok bool) {
	n.checkFailed.Store(!ok)
	if ok {
		n.mu.Lock()
		n.failures = 0
		n.downUntil.Store(0)
		n.mu.Unlock()
	}
}

// transition records that the node is now (un)healthy and reports whether
// that differs from what was last reported.
func (n *node) transition(healthy bool) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	changed := n.reported != healthy
	n.reported = healthy
	return changed
}

// target is the URL of path on the node.
func (n *node) target(u *url.URL) *url.URL {
	out := *n.URL
	out.Path = joinPath(n.URL.Path, u.Path)
	out.RawPath = ""
	out.RawQuery = u.RawQuery
	return &out
}

func joinPath(base, p string) string {
	if base == "" || base == "/" {
		return p
	}
	if base[len(base)-1] == '/' {
		base = base[:len(base)-1]
	}
	return base + p
}
