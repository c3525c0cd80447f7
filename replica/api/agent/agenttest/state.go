package agenttest

import (
	"crypto/ed25519"
	"crypto/sha256"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
	"github.com/threshold-ic/threshold/replica/api/keys"
)

// stateTree builds the whole state tree of the fake at /time = now +
// CertSkew + extra.
func (r *Replica) stateTree(extraNanos uint64) *hashtree.Full {
	var b hashtree.Builder
	must := func(err error) {
		if err != nil {
			panic(err) // a broken invariant of the fake itself
		}
	}
	now := uint64(r.now().Add(r.CertSkew).UnixNano()) + extraNanos
	must(b.Insert(pathOf("time"), leb128.AppendUnsigned(nil, now)))
	sid := string(r.Subnet.Bytes())
	must(b.Insert(pathOf("subnet", sid, "public_key"), r.subnetSK.PublicKey().DER()))
	must(b.Insert(pathOf("subnet", sid, "type"), []byte("application")))
	if r.deleg == nil && !r.HideRanges {
		must(b.Insert(pathOf("subnet", sid, "canister_ranges"), r.Ranges.Append(nil)))
	}
	nodeKey, err := keys.NewEd25519(r.nodeSK.Public().(ed25519.PublicKey))
	must(err)
	must(b.Insert(pathOf("subnet", sid, "node", string(r.Node.Bytes()), "public_key"), nodeKey.DER()))
	for rid, st := range r.statuses {
		base := pathOf("request_status", string(rid[:]))
		at := func(field string, v []byte) { must(b.Insert(append(base[:2:2], []byte(field)), v)) }
		switch {
		case st.polls <= r.PendingPolls && r.PendingPolls > 0:
			at("status", []byte("processing"))
		case st.reject != nil:
			at("status", []byte("rejected"))
			at("reject_code", leb128.AppendUnsigned(nil, st.reject.code))
			at("reject_message", []byte(st.reject.message))
			at("error_code", []byte(st.reject.errorCode))
		default:
			at("status", []byte("replied"))
			at("reply", st.reply)
		}
	}
	for id, c := range r.canisters {
		cid := string(id.Bytes())
		ctl := cbor.AppendArray(cbor.AppendSelfDescribe(nil), len(c.controllers))
		for _, p := range c.controllers {
			ctl = cbor.AppendBytes(ctl, p.Bytes())
		}
		must(b.Insert(pathOf("canister", cid, "controllers"), ctl))
		if c.module != nil {
			h := sha256.Sum256(c.module)
			must(b.Insert(pathOf("canister", cid, "module_hash"), h[:]))
			if r.CandidService != "" {
				must(b.Insert(pathOf("canister", cid, "metadata", "candid:service"), []byte(r.CandidService)))
			}
		}
	}
	return b.Build()
}

// certificate returns an encoded certificate revealing paths and /time.
// With TamperCert the tree sent differs from the tree signed.
func (r *Replica) certificate(paths ...[][]byte) []byte {
	paths = append(paths, pathOf("time"))
	full := r.stateTree(0)
	wit := full.Witness(paths...)
	enc, err := certify.Sign(wit, r.deleg, signWith(r.subnetSK))
	if err != nil {
		panic(err)
	}
	if !r.TamperCert {
		return enc
	}
	cert, err := certify.Parse(enc)
	if err != nil {
		panic(err)
	}
	cert.Tree = r.stateTree(1).Witness(paths...)
	return cert.Encode()
}
