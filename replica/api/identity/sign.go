package identity

import (
	"github.com/threshold-ic/threshold/certify/rih"
	"github.com/threshold-ic/threshold/replica/api/envelope"
)

// SignEnvelope sets content.Sender to id's principal and returns the
// envelope signed by id: sender_sig over "\x0Aic-request" · request id,
// sender_pubkey, and the delegation chain of a *Delegated identity. The
// anonymous identity gives an envelope without credentials.
func SignEnvelope(id Identity, content envelope.Content) (*envelope.Envelope, error) {
	content.Sender = id.Sender()
	env := &envelope.Envelope{Content: content}
	if content.Sender.IsAnonymous() {
		return env, nil
	}
	rid := content.RequestID()
	sig, err := id.Sign(append([]byte(rih.SepRequest), rid[:]...))
	if err != nil {
		return nil, err
	}
	env.SenderPubKey, env.SenderSig = id.PublicKeyDER(), sig
	if d, ok := id.(*Delegated); ok {
		env.SenderDelegation = d.Delegations()
	}
	return env, nil
}
