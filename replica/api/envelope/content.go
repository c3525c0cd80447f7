package envelope

import (
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// RequestType is the request_type of a request's content.
type RequestType uint8

// Request types.
const (
	Call      RequestType = iota + 1 // "call": an update call
	Query                            // "query": a query call
	ReadState                        // "read_state": a state-tree read
)

func (t RequestType) String() string {
	switch t {
	case Call:
		return "call"
	case Query:
		return "query"
	case ReadState:
		return "read_state"
	}
	return "unknown"
}

// parseRequestType maps request_type text to a RequestType.
func parseRequestType(s []byte) (RequestType, bool) {
	switch string(s) {
	case "call":
		return Call, true
	case "query":
		return Query, true
	case "read_state":
		return ReadState, true
	}
	return 0, false
}

// Content is the content map of a request (PROTOCOL.md §1.3). Which
// fields are present depends on Type: call and query carry CanisterID,
// MethodName and Arg (and may carry SenderInfo); read_state carries Paths.
//
// Byte slices returned by Decode alias the decoded body. A nil Nonce is
// absent; a non-nil empty Nonce was sent as an empty blob and is hashed.
type Content struct {
	Type          RequestType
	Sender        principal.Principal
	IngressExpiry uint64 // nanoseconds since the Unix epoch
	Nonce         []byte // at most MaxNonceLength bytes; nil when absent

	// Call and query.
	CanisterID principal.Principal
	MethodName string
	Arg        []byte
	SenderInfo *SenderInfo // nil when absent

	// Read state: at most MaxPaths paths of at most MaxPathLabels labels.
	Paths [][][]byte
}

// SenderInfo is the optional sender_info of calls and queries (interface
// spec 0.59): info signed by the signer canister with a canister signature
// over "\x0Eic-sender-info" · info.
type SenderInfo struct {
	Info   []byte
	Signer principal.Principal
	Sig    []byte
}

// check validates the limits that do not depend on the wire form, so that
// contents built in code obey the same rules as decoded ones.
func (c *Content) check() *Error {
	if len(c.Nonce) > MaxNonceLength {
		return malformed("nonce of %d bytes exceeds %d", len(c.Nonce), MaxNonceLength)
	}
	switch c.Type {
	case Call, Query:
		if c.Paths != nil {
			return malformed("paths in a %s request", c.Type)
		}
	case ReadState:
		if c.Arg != nil || c.MethodName != "" || c.CanisterID != principal.Management || c.SenderInfo != nil {
			return malformed("call fields in a read_state request")
		}
		if len(c.Paths) > MaxPaths {
			return malformed("%d paths exceed %d", len(c.Paths), MaxPaths)
		}
		for _, p := range c.Paths {
			if len(p) > MaxPathLabels {
				return malformed("path of %d labels exceeds %d", len(p), MaxPathLabels)
			}
		}
	default:
		return malformed("unknown request_type")
	}
	return nil
}
