package routing

import (
	"strings"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Op is the operation of an API request.
type Op uint8

// Operations.
const (
	OpStatus Op = iota + 1
	OpQuery
	OpReadState
	OpCall
)

func (o Op) String() string {
	switch o {
	case OpStatus:
		return "status"
	case OpQuery:
		return "query"
	case OpReadState:
		return "read_state"
	case OpCall:
		return "call"
	}
	return "unknown"
}

// idempotent reports whether the operation may be sent again after the
// first copy reached a node.
func (o Op) idempotent() bool { return o != OpCall }

// Target is a parsed API path.
type Target struct {
	Op      Op
	Version int  // 2, 3 or 4
	Subnet  bool // the /subnet/<esid>/ form
	ID      principal.Principal
}

// ParsePath parses /api/vN/canister/<id>/<op>, /api/vN/subnet/<id>/<op>
// (N in 2..4; op one of query, read_state, call) or /api/v2/status. Which
// versions serve which operation is left to the replica, which answers
// 404 for the rest (agents rely on that to fall back).
func ParsePath(path string) (Target, error) {
	rest, ok := strings.CutPrefix(path, "/api/v")
	if !ok {
		return Target{}, &Error{Kind: ErrNotAPIPath}
	}
	if rest == "2/status" {
		return Target{Op: OpStatus, Version: 2}, nil
	}
	if len(rest) < 2 || rest[0] < '2' || rest[0] > '4' || rest[1] != '/' {
		return Target{}, &Error{Kind: ErrNotAPIPath}
	}
	t := Target{Version: int(rest[0] - '0')}
	rest = rest[2:]
	switch {
	case strings.HasPrefix(rest, "canister/"):
		rest = rest[len("canister/"):]
	case strings.HasPrefix(rest, "subnet/"):
		t.Subnet = true
		rest = rest[len("subnet/"):]
	default:
		return Target{}, &Error{Kind: ErrNotAPIPath}
	}
	idText, opText, ok := strings.Cut(rest, "/")
	if !ok {
		return Target{}, &Error{Kind: ErrNotAPIPath}
	}
	switch opText {
	case "query":
		t.Op = OpQuery
	case "read_state":
		t.Op = OpReadState
	case "call":
		t.Op = OpCall
	default:
		return Target{}, &Error{Kind: ErrNotAPIPath}
	}
	id, err := principal.Parse(idText)
	if err != nil {
		return Target{}, &Error{Kind: ErrBadID, Err: err}
	}
	t.ID = id
	return t, nil
}
