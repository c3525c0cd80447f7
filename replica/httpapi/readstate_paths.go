package httpapi

import (
	"bytes"
	"net/http"
	"slices"
	"unicode/utf8"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// pathCheck decides which state-tree paths one read_state request may read
// (abstract-behavior.md may_read_path_for_canister / may_read_path_for_subnet;
// PROTOCOL.md §1.8). The statuses and texts follow the replica
// (read_state.rs, read_state/canister.rs): 404 "Invalid path requested."
// for a path outside the permitted shapes, 400 for a malformed label or an
// id that differs from the URL's, 403 for data of another sender.
type pathCheck struct {
	h   *handler
	rt  route
	res envelope.Result
	rid []byte // the request id of the request_status paths seen so far
	sid []byte // the subnet id of the /canister_ranges paths seen so far
}

var errInvalidPath = &apiError{status: http.StatusNotFound, msg: "Invalid path requested."}

// checkPaths checks every path of a read_state request.
func (h *handler) checkPaths(rt route, q *request) *apiError {
	pc := pathCheck{h: h, rt: rt, res: q.res}
	for _, p := range q.content().Paths {
		if e := pc.check(p); e != nil {
			return e
		}
	}
	return nil
}

func (pc *pathCheck) check(p [][]byte) *apiError {
	if len(p) == 0 {
		return errInvalidPath
	}
	switch string(p[0]) {
	case "time":
		if len(p) == 1 {
			return nil
		}
	case "api_boundary_nodes":
		if len(p) <= 2 || len(p) == 3 && isOneOf(p[2], "domain", "ipv4_address", "ipv6_address") {
			return nil
		}
	case "subnet":
		return pc.subnet(p)
	case "request_status":
		if len(p) == 2 || len(p) == 3 && isOneOf(p[2], "status", "reply", "reject_code", "reject_message", "error_code") {
			return pc.requestStatus(p[1])
		}
	case "canister":
		if !pc.rt.subnet {
			return pc.canister(p)
		}
	case "canister_ranges":
		if pc.rt.subnet && len(p) == 2 {
			if pc.sid != nil && !bytes.Equal(pc.sid, p[1]) {
				return errorf(http.StatusBadRequest, "More than one subnet id exists in canister_ranges paths.")
			}
			pc.sid = p[1]
			return nil
		}
	}
	return errInvalidPath
}

// subnet checks /subnet/… paths. /subnet/<sid>/canister_ranges is served by
// v2 endpoints and, on v3, only for the root subnet; /subnet/<sid>/metrics
// only by the subnet form for its own subnet.
func (pc *pathCheck) subnet(p [][]byte) *apiError {
	switch {
	case len(p) <= 2:
		return nil
	case len(p) == 3 && isOneOf(p[2], "public_key", "type", "node"):
		return nil
	case len(p) == 4 && string(p[2]) == "node",
		len(p) == 5 && string(p[2]) == "node" && string(p[4]) == "public_key":
		return nil
	case len(p) == 3 && string(p[2]) == "canister_ranges":
		if pc.rt.version == 2 {
			return nil
		}
		sid, e := parsePrincipal(p[1])
		if e != nil {
			return e
		}
		if sid == pc.h.root {
			return nil
		}
	case len(p) == 3 && string(p[2]) == "metrics" && pc.rt.subnet:
		return sameID(p[1], pc.rt.id)
	}
	return errInvalidPath
}

// canister checks /canister/<cid>/… paths of the canister form: cid must be
// the ecid, certified_data is never readable, and a private metadata
// section only by a controller.
func (pc *pathCheck) canister(p [][]byte) *apiError {
	switch {
	case len(p) == 3 && isOneOf(p[2], "module_hash", "controllers", "canister_creation_timestamp", "last_install_timestamp"):
		return sameID(p[1], pc.rt.id)
	case len(p) == 4 && string(p[2]) == "metadata":
		if e := sameID(p[1], pc.rt.id); e != nil {
			return e
		}
		if !utf8.Valid(p[3]) {
			return errorf(http.StatusBadRequest, "Could not parse the custom section name: invalid utf-8.")
		}
		return pc.metadata(string(p[3]))
	}
	return errInvalidPath
}

// metadata lets anyone read a public or absent section, and a private one
// only the canister's controllers.
func (pc *pathCheck) metadata(name string) *apiError {
	public, exists := pc.h.b.MetadataVisibility(pc.rt.id, name)
	if !exists || public {
		return nil
	}
	controllers, _ := pc.h.b.Controllers(pc.rt.id)
	if slices.Contains(controllers, pc.res.Sender) {
		return nil
	}
	if len(name) > 100 {
		name = name[:100]
	}
	return errorf(http.StatusForbidden,
		"Custom section %s can only be requested by the controllers of the canister.", validText(name))
}

// requestStatus checks a /request_status/<rid> path: one request id per
// request, and a known request only for its own sender, through the
// effective id it was sent to, within the delegation targets.
func (pc *pathCheck) requestStatus(label []byte) *apiError {
	if len(label) != len(envelope.RequestID{}) {
		return errorf(http.StatusBadRequest,
			"Invalid request id in paths. Maybe the request ID is not of 32 bytes in length?!")
	}
	if pc.rid != nil {
		if !bytes.Equal(pc.rid, label) {
			return errorf(http.StatusBadRequest,
				"More than one non-unique request ID exists in request_status paths: %s and %s.",
				envelope.RequestID(pc.rid), envelope.RequestID(label))
		}
		return nil
	}
	pc.rid = label
	sender, effective, ok := pc.h.b.RequestOwner(envelope.RequestID(label))
	switch {
	case !ok:
		return nil
	case sender != pc.res.Sender:
		return errorf(http.StatusForbidden, "The user tries to access Request ID not signed by the caller.")
	case effective != pc.rt.id:
		return errorf(http.StatusForbidden,
			"The user tries to access a Request ID sent to another effective %s id than %s.", pc.rt.noun(), pc.rt.id)
	case pc.res.Targets != nil && !slices.Contains(pc.res.Targets, effective):
		return errorf(http.StatusForbidden,
			"The user tries to access request IDs for canisters not belonging to sender delegation targets.")
	}
	return nil
}

// sameID requires a principal label to equal the URL's effective id.
func sameID(label []byte, effective principal.Principal) *apiError {
	id, e := parsePrincipal(label)
	if e != nil {
		return e
	}
	if id != effective {
		return errorf(http.StatusBadRequest,
			"Effective principal id in URL %s does not match requested principal id: %s.", effective, id)
	}
	return nil
}

func parsePrincipal(label []byte) (principal.Principal, *apiError) {
	id, err := principal.FromBytes(label)
	if err != nil {
		return principal.Principal{}, errorf(http.StatusBadRequest, "Could not parse principal ID: %v.", err)
	}
	return id, nil
}

func isOneOf(label []byte, names ...string) bool {
	return slices.Contains(names, string(label))
}
