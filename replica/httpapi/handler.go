package httpapi

import (
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/threshold-ic/threshold/replica/api/keys"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// handler serves the IC HTTP API of one node.
type handler struct {
	b    Backend
	opts Options
	// root is the root subnet id, the self-authenticating id of the root
	// key (PROTOCOL.md §3.3): /subnet/<root>/canister_ranges may be read
	// through the v3 canister read_state endpoint.
	root principal.Principal
	// keys remembers sender keys and verified request signatures.
	keys *keys.Cache
}

// New returns the HTTP API of a node as a handler for every path: the
// endpoints of PROTOCOL.md §1.1 and 404 for anything else. The handler
// never panics on any input and reads at most opts.MaxBodyBytes of a body.
func New(b Backend, opts Options) http.Handler {
	return &handler{
		b:    b,
		opts: opts.withDefaults(),
		root: principal.SelfAuthenticating(b.RootKey()),
		keys: keys.NewCache(16_384, 65_536),
	}
}

var _ http.Handler = (*handler)(nil)

// ServeHTTP routes a request: CORS first (every response carries
// Access-Control-Allow-Origin, every OPTIONS request is a preflight), then
// the path (404), the method (405) and the effective id in the URL (400).
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer h.recoverPanic(w, r)
	setCORS(w.Header())
	if r.Method == http.MethodOptions {
		writePreflight(w)
		return
	}
	rt, ok := parseRoute(r.URL.Path)
	if !ok {
		writeError(w, unread(w, r, &apiError{http.StatusNotFound, "Endpoint not found."}))
		return
	}
	if m := rt.method(); r.Method != m && !(m == http.MethodGet && r.Method == http.MethodHead) {
		w.Header().Set("Allow", m)
		writeError(w, unread(w, r, errorf(http.StatusMethodNotAllowed, "Method not allowed; use %s.", m)))
		return
	}
	if rt.op == opStatus {
		h.serveStatus(w, r)
		return
	}
	if e := rt.parseID(); e != nil {
		writeError(w, unread(w, r, e))
		return
	}
	switch rt.op {
	case opCall:
		if rt.version == 2 {
			h.serveCallAsync(w, r, rt)
		} else {
			h.serveCallSync(w, r, rt)
		}
	case opQuery:
		h.serveQuery(w, r, rt)
	case opReadState:
		h.serveReadState(w, r, rt)
	}
}

// checkHealthy refuses requests while the node is not healthy, with the
// replica's 503 and text (query.rs, read_state/canister.rs).
func (h *handler) checkHealthy() *apiError {
	status, _ := h.b.Health()
	if status == healthy {
		return nil
	}
	if status == "" {
		status = "starting"
	}
	return errorf(http.StatusServiceUnavailable,
		"Replica is unhealthy: %s. Check the /api/v2/status for more information.", camelCase(status))
}

// healthy is the replica_health_status of a node that serves requests.
const healthy = "healthy"

// camelCase turns "waiting_for_certified_state" into
// "WaitingForCertifiedState", the replica's Debug form of the status.
func camelCase(s string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(s, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]))
			b.WriteString(part[1:])
		}
	}
	return b.String()
}

// recoverPanic is the last line of defence: a panic in a handler (a broken
// invariant, or a backend bug) is logged with its stack and answered with
// 500 instead of killing the connection silently. It is not how bad input
// is handled; every decoder returns errors.
//
// http.ErrAbortHandler is re-raised: it is how a handler deliberately
// aborts a response.
func (h *handler) recoverPanic(w http.ResponseWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	h.opts.Logger.Error("panic while serving request",
		"method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
	// If the header was already sent this write fails; the client sees a
	// truncated response, which is the best that can be done.
	writeText(w, http.StatusInternalServerError, "Internal error.")
}
