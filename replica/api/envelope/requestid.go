package envelope

import (
	"encoding/hex"

	"github.com/threshold-ic/threshold/certify/rih"
)

// RequestID is the representation-independent hash of a request's
// content (PROTOCOL.md §2).
type RequestID [32]byte

// String returns "0x" and the lowercase hex, as the replica prints ids.
func (id RequestID) String() string { return "0x" + hex.EncodeToString(id[:]) }

// RequestID computes hash_of_map(content): blobs for sender, canister_id,
// arg, nonce and path labels; text for request_type and method_name; nat
// for ingress_expiry; an array of arrays for paths; a nested map for
// sender_info. Absent optional fields are left out.
func (c *Content) RequestID() RequestID {
	var buf [9]rih.Field
	f := append(buf[:0],
		rih.Field{Key: "request_type", Value: rih.Text(c.Type.String())},
		rih.Field{Key: "sender", Value: rih.Blob(c.Sender.AppendBytes(make([]byte, 0, 29)))},
		rih.Field{Key: "ingress_expiry", Value: rih.Nat(c.IngressExpiry)},
	)
	if c.Nonce != nil {
		f = append(f, rih.Field{Key: "nonce", Value: rih.Blob(c.Nonce)})
	}
	if c.Type == ReadState {
		f = append(f, rih.Field{Key: "paths", Value: hashPaths(c.Paths)})
		return rih.Map(f)
	}
	f = append(f,
		rih.Field{Key: "canister_id", Value: rih.Blob(c.CanisterID.AppendBytes(make([]byte, 0, 29)))},
		rih.Field{Key: "method_name", Value: rih.Text(c.MethodName)},
		rih.Field{Key: "arg", Value: rih.Blob(c.Arg)},
	)
	if si := c.SenderInfo; si != nil {
		f = append(f, rih.Field{Key: "sender_info", Value: rih.Map([]rih.Field{
			{Key: "info", Value: rih.Blob(si.Info)},
			{Key: "signer", Value: rih.Blob(si.Signer.Bytes())},
			{Key: "sig", Value: rih.Blob(si.Sig)},
		})})
	}
	return rih.Map(f)
}

func hashPaths(paths [][][]byte) rih.Hash {
	outer := make([]rih.Hash, len(paths))
	var labels []rih.Hash
	for i, p := range paths {
		labels = labels[:0]
		for _, l := range p {
			labels = append(labels, rih.Blob(l))
		}
		outer[i] = rih.Array(labels...)
	}
	return rih.Array(outer...)
}
