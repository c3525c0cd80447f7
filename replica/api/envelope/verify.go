package envelope

import (
	"net/http"
	"slices"
	"time"

	"github.com/threshold-ic/threshold/certify/rih"
	"github.com/threshold-ic/threshold/replica/api/keys"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Options are the inputs of Verify besides the envelope.
type Options struct {
	// Now is the replica's current time.
	Now time.Time
	// Endpoint is the kind of endpoint that received the request; the
	// content's request_type must match it.
	Endpoint RequestType
	// EffectiveCanisterID is the <ecid> of the URL. Delegation targets
	// must contain it for read_state, and for calls and queries to the
	// management canister (whose canister_id is aaaaa-aa).
	EffectiveCanisterID principal.Principal
	// Cache, if set, remembers parsed keys and verified signatures across
	// calls (see keys.Cache); nil verifies everything every time.
	Cache *keys.Cache
}

// Result is what an authentic envelope establishes.
type Result struct {
	RequestID RequestID
	Sender    principal.Principal
	// Targets are the canisters the delegation chain allows, nil when
	// unrestricted.
	Targets []principal.Principal
	// QueriesOnly is set when a delegation carries permissions "queries".
	QueriesOnly bool
}

// Verify authenticates env as the replica does before accepting it
// (interface spec § Authentication, PROTOCOL.md §1.2 and §1.4):
//
//   - request_type matches the endpoint and the content obeys the limits;
//   - ingress_expiry ∈ [now, now + 5 min + 30 s], except for anonymous
//     queries and read_state requests, which may carry any expiry;
//   - the anonymous sender carries no credentials, any other sender carries
//     sender_pubkey and sender_sig and is the self-authenticating id of
//     sender_pubkey;
//   - every delegation is signed by the previous key, unexpired, of valid
//     permissions, with no key repeated and at most 20 in the chain;
//   - a "queries" delegation refuses calls, and targets must contain the
//     called canister;
//   - sender_sig verifies over "\x0Aic-request" · request id under the last
//     delegated key (or sender_pubkey).
//
// It returns an *Error carrying the HTTP status on failure.
func Verify(env *Envelope, opt Options) (Result, error) {
	c := &env.Content
	if e := c.check(); e != nil {
		return Result{}, e
	}
	if c.Type != opt.Endpoint {
		return Result{}, badRequest(ErrEndpoint, "request type "+c.Type.String()+" sent to a "+opt.Endpoint.String()+" endpoint")
	}
	id := c.RequestID()
	anonymous := c.Sender.IsAnonymous()
	if !anonymous || c.Type == Call {
		if e := checkIngressExpiry(c.IngressExpiry, opt.Now); e != nil {
			return Result{}, e
		}
	}
	res := Result{RequestID: id, Sender: c.Sender}
	pk, sig, ds := env.SenderPubKey != nil, env.SenderSig != nil, env.SenderDelegation != nil
	switch {
	case !pk && !sig && !ds:
		if !anonymous {
			return Result{}, authFailed(id, ErrCredentials, "missing signature for non-anonymous sender %s", c.Sender)
		}
		if c.SenderInfo != nil {
			return Result{}, authFailed(id, ErrSenderInfo, "sender_info on an anonymous request")
		}
		return res, nil
	case !pk || !sig:
		return Result{}, &Error{Status: http.StatusBadRequest, Err: ErrCredentials,
			Message: "missing pubkey or signature: sender_pubkey and sender_sig must both be present or both absent"}
	case anonymous:
		return Result{}, authFailed(id, ErrCredentials, "the anonymous sender must not carry credentials")
	}
	if principal.SelfAuthenticating(env.SenderPubKey) != c.Sender {
		return Result{}, authFailed(id, ErrSender, "sender %s is not the self-authenticating id of sender_pubkey", c.Sender)
	}
	if c.SenderInfo != nil {
		return Result{}, authFailed(id, ErrSenderInfo, "sender_info requires a canister-signature sender key, which is not supported")
	}
	now := unixNanos(opt.Now)
	ch, e := verifyChain(id, env.SenderPubKey, env.SenderDelegation, now, opt.Cache)
	if e != nil {
		return Result{}, e
	}
	if ch.queriesOnly && c.Type == Call {
		return Result{}, authFailed(id, ErrPermissions, "a delegation restricts the chain to queries, refusing a call")
	}
	if ch.targets != nil {
		target := opt.EffectiveCanisterID
		if c.Type != ReadState && !c.CanisterID.IsManagement() {
			target = c.CanisterID
		}
		if !slices.Contains(ch.targets, target) {
			return Result{}, authFailed(id, ErrTarget, "canister %s is not one of the delegation targets", target)
		}
	}
	msg := make([]byte, 0, len(rih.SepRequest)+len(id))
	msg = append(append(msg, rih.SepRequest...), id[:]...)
	if err := opt.Cache.Verify(ch.key, msg, env.SenderSig); err != nil {
		return Result{}, authFailed(id, ErrSignature, "invalid request signature: %v", err)
	}
	res.Targets, res.QueriesOnly = ch.targets, ch.queriesOnly
	return res, nil
}
