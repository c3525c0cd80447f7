package httpapi

import (
	"context"
	"errors"
	"time"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Backend is what the HTTP API needs from a node. The node implements it;
// every method is safe for concurrent use.
type Backend interface {
	// Now is the node's wall-clock time, used for ingress expiry checks
	// and query response timestamps.
	Now() time.Time
	// RootKey is the DER-encoded root public key (GET /api/v2/status).
	RootKey() []byte
	// SubnetID is the id of this node's subnet.
	SubnetID() principal.Principal
	// NodeID is the self-authenticating id of the node's Ed25519 key.
	NodeID() principal.Principal
	// SignResponse signs with the node's Ed25519 key; the HTTP API passes
	// "\x0Bic-response" || hash_of_map(response) (PROTOCOL.md §5).
	SignResponse(msg []byte) []byte
	// Health reports replica_health_status and the certified height.
	Health() (status string, certifiedHeight uint64)
	// HostsCanister reports whether id lies in the subnet's canister ranges.
	HostsCanister(id principal.Principal) bool

	// Submit places an authenticated call in the ingress pool. Effective
	// is the <ecid> of the URL, or the <esid> for /api/v4/subnet/<esid>/call
	// (canister creation by subnet admins). It returns
	// a *Reject for a non-replicated rejection (unknown or stopped
	// canister, inspect_message refused), ErrPoolFull when the pool is
	// full (429), or nil. Submitting a request id twice is not an error.
	Submit(ctx context.Context, in Ingress) error
	// Await blocks until the request has a terminal status (replied,
	// rejected or done) in certified state, or ctx ends; it reports
	// whether the status is terminal.
	Await(ctx context.Context, id envelope.RequestID) bool
	// Query runs a query against the latest certified state. A rejection
	// is a QueryResult with Reject set (it is signed and sent with 200);
	// an error means no answer could be computed: ErrUnavailable (503) or
	// anything else (500).
	Query(ctx context.Context, q QueryCall) (QueryResult, error)
	// ReadState returns a certificate of the latest certified state that
	// reveals every path in paths (plus /time). It returns ErrUnavailable
	// when there is no certified state yet (503) and any other error when
	// a path is malformed (400). The HTTP API has already checked that the
	// sender may read the paths (PROTOCOL.md §1.8).
	ReadState(ctx context.Context, paths [][][]byte) ([]byte, error)

	// RequestOwner returns the sender and effective canister id of a
	// known request, for read_state permissions (PROTOCOL.md §1.8).
	RequestOwner(id envelope.RequestID) (sender, effective principal.Principal, ok bool)
	// Controllers returns a canister's controllers; ok is false when the
	// canister does not exist.
	Controllers(id principal.Principal) (controllers []principal.Principal, ok bool)
	// MetadataVisibility reports whether a canister's custom section
	// name is public; exists is false when there is no such section.
	MetadataVisibility(id principal.Principal, name string) (public, exists bool)
}

// Ingress is an authenticated update call, ready for the ingress pool.
type Ingress struct {
	ID        envelope.RequestID
	Sender    principal.Principal
	Canister  principal.Principal
	Effective principal.Principal
	Method    string
	Arg       []byte
	Expiry    time.Time
	// Content is the decoded request content, kept for the block.
	Content *envelope.Content
}

// QueryCall is an authenticated query.
type QueryCall struct {
	ID       envelope.RequestID
	Sender   principal.Principal
	Canister principal.Principal
	// Effective is the <ecid> of the URL, or the <esid> for the subnet
	// form /api/v3/subnet/<esid>/query (list_canisters).
	Effective principal.Principal
	Method    string
	Arg       []byte
}

// QueryResult is the answer to a query: a reply or a reject.
type QueryResult struct {
	Reply  []byte
	Reject *Reject // nil when replied
}

// Reject is a rejection with its reject code (1 to 6), message and IC
// error code such as "IC0503" (PROTOCOL.md §1.5).
type Reject struct {
	Code      int
	Message   string
	ErrorCode string
}

func (r *Reject) Error() string { return r.ErrorCode + ": " + r.Message }

// ErrPoolFull is returned by Submit when the ingress pool cannot take more
// messages; the API answers 429.
var ErrPoolFull = errors.New("httpapi: ingress pool full")

// ErrUnavailable is returned by Submit, Query or ReadState when the node
// has no certified state to answer from yet; the API answers 503.
var ErrUnavailable = errors.New("httpapi: certified state unavailable")
