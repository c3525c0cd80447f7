package agent

import (
	"fmt"
	"io"
	"time"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// signed is a request ready to send: its body, id and expiry.
type signed struct {
	body   []byte
	id     envelope.RequestID
	expiry time.Time
}

// expiryTime returns the ingress expiry of a request made now, rounded
// down to the second so that request ids do not vary with nanoseconds.
func (a *Agent) expiryTime() time.Time {
	return a.now().Add(a.expiry).Truncate(time.Second)
}

// nonce returns 16 random bytes: calls with equal content would otherwise
// share a request id, and the second would be answered with the first's
// reply.
func (a *Agent) nonce() ([]byte, error) {
	n := make([]byte, 16)
	if _, err := io.ReadFull(a.rand, n); err != nil {
		return nil, fmt.Errorf("agent: reading a nonce: %w", err)
	}
	return n, nil
}

// sign fills in the sender and expiry of content and signs it.
func (a *Agent) sign(c envelope.Content) (*signed, error) {
	exp := a.expiryTime()
	c.IngressExpiry = uint64(exp.UnixNano())
	env, err := identity.SignEnvelope(a.id, c)
	if err != nil {
		return nil, fmt.Errorf("agent: signing the %s request: %w", c.Type, err)
	}
	return &signed{body: env.Marshal(), id: env.Content.RequestID(), expiry: exp}, nil
}

// signCall makes the envelope of an update call, with a fresh nonce.
func (a *Agent) signCall(canister principal.Principal, method string, arg []byte) (*signed, error) {
	n, err := a.nonce()
	if err != nil {
		return nil, err
	}
	return a.sign(envelope.Content{
		Type: envelope.Call, CanisterID: canister, MethodName: method, Arg: nonNil(arg), Nonce: n,
	})
}

// signQuery makes the envelope of a query. Queries carry no nonce: equal
// queries may share an id.
func (a *Agent) signQuery(canister principal.Principal, method string, arg []byte) (*signed, error) {
	return a.sign(envelope.Content{
		Type: envelope.Query, CanisterID: canister, MethodName: method, Arg: nonNil(arg),
	})
}

// signReadState makes the envelope of a read_state request.
func (a *Agent) signReadState(paths [][][]byte) (*signed, error) {
	return a.sign(envelope.Content{Type: envelope.ReadState, Paths: paths})
}

// nonNil returns b, or an empty slice for nil: arg is a required field.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
