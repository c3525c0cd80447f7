package envelope

import (
	"github.com/threshold-ic/threshold/certify/cbor"
)

// Envelope is a request body: the content and the sender's credentials.
// Credentials are nil when absent; the anonymous sender has none.
type Envelope struct {
	Content          Content
	SenderPubKey     []byte             // DER public key
	SenderDelegation []SignedDelegation // nil when absent
	SenderSig        []byte
}

// Decode parses a request body: an optionally self-describing (tag 55799)
// CBOR map. It refuses duplicate keys, wrong types, unknown request types,
// missing fields, unknown content fields, oversized fields and trailing
// bytes, with an *Error of status 400. Byte slices in the result alias b.
func Decode(b []byte) (*Envelope, error) {
	r := cbor.NewReader(b)
	r.SkipSelfDescribe()
	var env Envelope
	var haveContent bool
	err := r.Fields(func(key string) error {
		var err error
		switch key {
		case "content":
			haveContent = true
			var e *Error
			if env.Content, e = parseContent(r); e != nil {
				return e
			}
		case "sender_pubkey":
			env.SenderPubKey, err = readBlob(r)
		case "sender_sig":
			env.SenderSig, err = readBlob(r)
		case "sender_delegation":
			env.SenderDelegation, err = readDelegations(r)
		default: // not hashed, ignored as by the replica
			err = r.Skip()
		}
		return err
	})
	if err != nil {
		return nil, asError(err)
	}
	if err := r.End(); err != nil {
		return nil, malformed("%v", err)
	}
	if !haveContent {
		return nil, malformed("missing field content")
	}
	return &env, nil
}

func readDelegations(r *cbor.Reader) ([]SignedDelegation, error) {
	n, err := r.ArrayLen()
	if err != nil {
		return nil, err
	}
	if n > MaxDelegations {
		return nil, malformed("%d delegations exceed %d", n, MaxDelegations)
	}
	ds := make([]SignedDelegation, n)
	for i := range ds {
		if ds[i], err = parseSignedDelegation(r); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// Append appends the envelope as self-describing CBOR, as agents send it:
// content first, then the credentials that are present.
func (e *Envelope) Append(b []byte) []byte {
	n := 1
	for _, present := range []bool{e.SenderPubKey != nil, e.SenderSig != nil, e.SenderDelegation != nil} {
		if present {
			n++
		}
	}
	b = cbor.AppendMap(cbor.AppendSelfDescribe(b), n)
	b = e.Content.Append(cbor.AppendText(b, "content"))
	if e.SenderPubKey != nil {
		b = cbor.AppendBytes(cbor.AppendText(b, "sender_pubkey"), e.SenderPubKey)
	}
	if e.SenderSig != nil {
		b = cbor.AppendBytes(cbor.AppendText(b, "sender_sig"), e.SenderSig)
	}
	if e.SenderDelegation != nil {
		b = cbor.AppendArray(cbor.AppendText(b, "sender_delegation"), len(e.SenderDelegation))
		for i := range e.SenderDelegation {
			b = e.SenderDelegation[i].Append(b)
		}
	}
	return b
}

// Marshal returns the envelope's CBOR encoding.
func (e *Envelope) Marshal() []byte { return e.Append(nil) }
