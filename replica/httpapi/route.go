package httpapi

import (
	"net/http"
	"strings"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// op is what an endpoint does.
type op uint8

const (
	opStatus op = iota + 1
	opCall
	opQuery
	opReadState
)

// route is a parsed endpoint path: /api/v<version>/<canister|subnet>/<id>/<op>
// or /api/v2/status.
type route struct {
	op      op
	version int  // 2, 3 or 4
	subnet  bool // the /subnet/<esid>/ form
	idText  string
	id      principal.Principal
}

// endpoints lists the versions each (op, form) is served under
// (PROTOCOL.md §1.1). Anything else is 404, which @icp-sdk/core relies on to
// fall back from v4 to v2 calls.
var endpoints = map[struct {
	op     op
	subnet bool
}][]int{
	{opCall, false}:      {2, 3, 4},
	{opCall, true}:       {4},
	{opQuery, false}:     {2, 3},
	{opQuery, true}:      {3},
	{opReadState, false}: {2, 3},
	{opReadState, true}:  {2, 3},
}

// parseRoute matches an URL path against the endpoints. It does not parse
// the principal; see (route).parseID.
func parseRoute(path string) (route, bool) {
	rest, ok := strings.CutPrefix(path, "/api/v")
	if !ok {
		return route{}, false
	}
	if rest == "2/status" {
		return route{op: opStatus, version: 2}, true
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 4 || len(parts[0]) != 1 || parts[2] == "" {
		return route{}, false
	}
	r := route{version: int(parts[0][0]) - '0', idText: parts[2]}
	switch parts[1] {
	case "canister":
	case "subnet":
		r.subnet = true
	default:
		return route{}, false
	}
	switch parts[3] {
	case "call":
		r.op = opCall
	case "query":
		r.op = opQuery
	case "read_state":
		r.op = opReadState
	default:
		return route{}, false
	}
	for _, v := range endpoints[struct {
		op     op
		subnet bool
	}{r.op, r.subnet}] {
		if v == r.version {
			return r, true
		}
	}
	return route{}, false
}

// method is the HTTP method an endpoint is served with.
func (r route) method() string {
	if r.op == opStatus {
		return http.MethodGet
	}
	return http.MethodPost
}

// parseID reads the <ecid> or <esid> of the URL.
func (r *route) parseID() *apiError {
	id, err := principal.Parse(r.idText)
	if err != nil {
		return errorf(http.StatusBadRequest, "Could not parse the effective %s id in the URL: %v", r.noun(), err)
	}
	r.id = id
	return nil
}

// noun names the kind of effective id, for messages.
func (r route) noun() string {
	if r.subnet {
		return "subnet"
	}
	return "canister"
}
