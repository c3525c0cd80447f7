package envelope

import "github.com/threshold-ic/threshold/certify/cbor"

// Append appends the CBOR content map, fields in the order ic-agent
// writes them (request_type first).
func (c *Content) Append(b []byte) []byte {
	n := 3 // request_type, ingress_expiry, sender
	if c.Nonce != nil {
		n++
	}
	switch c.Type {
	case ReadState:
		n++
	default:
		n += 3
		if c.SenderInfo != nil {
			n++
		}
	}
	b = cbor.AppendMap(b, n)
	b = cbor.AppendText(cbor.AppendText(b, "request_type"), c.Type.String())
	if c.Nonce != nil {
		b = cbor.AppendBytes(cbor.AppendText(b, "nonce"), c.Nonce)
	}
	b = cbor.AppendUint(cbor.AppendText(b, "ingress_expiry"), c.IngressExpiry)
	b = c.Sender.AppendBytes(cbor.AppendHead(cbor.AppendText(b, "sender"), cbor.MajorBytes, uint64(c.Sender.Len())))
	if c.Type == ReadState {
		b = cbor.AppendArray(cbor.AppendText(b, "paths"), len(c.Paths))
		for _, p := range c.Paths {
			b = cbor.AppendArray(b, len(p))
			for _, l := range p {
				b = cbor.AppendBytes(b, l)
			}
		}
		return b
	}
	b = c.CanisterID.AppendBytes(cbor.AppendHead(cbor.AppendText(b, "canister_id"), cbor.MajorBytes, uint64(c.CanisterID.Len())))
	b = cbor.AppendText(cbor.AppendText(b, "method_name"), c.MethodName)
	b = cbor.AppendBytes(cbor.AppendText(b, "arg"), c.Arg)
	if si := c.SenderInfo; si != nil {
		b = cbor.AppendMap(cbor.AppendText(b, "sender_info"), 3)
		b = cbor.AppendBytes(cbor.AppendText(b, "info"), si.Info)
		b = si.Signer.AppendBytes(cbor.AppendHead(cbor.AppendText(b, "signer"), cbor.MajorBytes, uint64(si.Signer.Len())))
		b = cbor.AppendBytes(cbor.AppendText(b, "sig"), si.Sig)
	}
	return b
}
