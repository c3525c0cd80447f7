package node

import (
	"errors"
	"fmt"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// message is an ingress message as it travels in a block: everything that
// execution needs, already authenticated by the node that accepted it.
type message struct {
	ID        envelope.RequestID
	Sender    principal.Principal
	Canister  principal.Principal
	Effective principal.Principal
	Method    string
	Arg       []byte
	Expiry    uint64 // ns since the epoch
}

// payloadFields is the number of items in an encoded message.
const payloadFields = 7

// appendPayload encodes a block payload: a CBOR array of messages, each an
// array [id, sender, canister, effective, method, arg, expiry].
func appendPayload(b []byte, msgs []message) []byte {
	b = cbor.AppendArray(b, len(msgs))
	for i := range msgs {
		m := &msgs[i]
		b = cbor.AppendArray(b, payloadFields)
		b = cbor.AppendBytes(b, m.ID[:])
		b = cbor.AppendBytes(b, m.Sender.Bytes())
		b = cbor.AppendBytes(b, m.Canister.Bytes())
		b = cbor.AppendBytes(b, m.Effective.Bytes())
		b = cbor.AppendText(b, m.Method)
		b = cbor.AppendBytes(b, m.Arg)
		b = cbor.AppendUint(b, m.Expiry)
	}
	return b
}

var errPayload = errors.New("node: malformed block payload")

// parsePayload decodes a block payload. The messages alias b.
func parsePayload(b []byte) ([]message, error) {
	if len(b) == 0 {
		return nil, nil
	}
	r := cbor.NewReader(b)
	n, err := r.ArrayLen()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errPayload, err)
	}
	msgs := make([]message, n)
	for i := range msgs {
		if err := parseMessage(r, &msgs[i]); err != nil {
			return nil, fmt.Errorf("%w: message %d: %w", errPayload, i, err)
		}
	}
	if err := r.End(); err != nil {
		return nil, fmt.Errorf("%w: %w", errPayload, err)
	}
	return msgs, nil
}

func parseMessage(r *cbor.Reader, m *message) error {
	n, err := r.ArrayLen()
	if err != nil {
		return err
	}
	if n != payloadFields {
		return fmt.Errorf("%d fields, want %d", n, payloadFields)
	}
	id, err := r.Bytes()
	if err != nil {
		return err
	}
	if len(id) != len(m.ID) {
		return fmt.Errorf("request id of %d bytes", len(id))
	}
	copy(m.ID[:], id)
	for _, p := range []*principal.Principal{&m.Sender, &m.Canister, &m.Effective} {
		raw, err := r.Bytes()
		if err != nil {
			return err
		}
		if *p, err = principal.FromBytes(raw); err != nil {
			return err
		}
	}
	if m.Method, err = r.Text(); err != nil {
		return err
	}
	if m.Arg, err = r.Bytes(); err != nil {
		return err
	}
	m.Expiry, err = r.Uint()
	return err
}
