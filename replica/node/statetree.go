package node

import (
	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
)

// Labels of the state tree's top level (interface spec, § The system state
// tree).
var (
	labelCanister       = []byte("canister")
	labelCanisterRanges = []byte("canister_ranges")
	labelRequestStatus  = []byte("request_status")
	labelSubnet         = []byte("subnet")
	labelTime           = []byte("time")
)

// topologyTrees builds the parts of the state tree that only the topology
// determines: /subnet and /canister_ranges.
func topologyTrees(t *Topology) (subnet, ranges *hashtree.Full, err error) {
	var s, r hashtree.Builder
	for _, sn := range t.Subnets {
		sid := sn.ID.Bytes()
		enc := certifyRanges(sn.Ranges).Append(nil)
		ins := func(b *hashtree.Builder, v []byte, path ...[]byte) {
			if err == nil {
				err = b.Insert(path, v)
			}
		}
		ins(&s, sn.PublicKey, sid, []byte("public_key"))
		ins(&s, []byte(sn.Kind), sid, []byte("type"))
		ins(&s, enc, sid, []byte("canister_ranges"))
		for _, n := range sn.Nodes {
			ins(&s, n.PublicKey, sid, []byte("node"), n.ID.Bytes(), []byte("public_key"))
		}
		if len(sn.Ranges) > 0 {
			ins(&r, enc, sid, sn.Ranges[0].Low.Bytes())
		}
	}
	if err != nil {
		return nil, nil, err
	}
	return s.Build(), r.Build(), nil
}

// canisterInfo is what the state tree publishes about a canister.
type canisterInfo struct {
	certifiedData []byte
	moduleHash    []byte // nil when empty
	controllers   [][]byte
	metadata      map[string][]byte
}

// canisterTree is the subtree /canister/<cid>.
func canisterTree(ci canisterInfo) (*hashtree.Full, error) {
	var b hashtree.Builder
	if err := b.Insert([][]byte{[]byte("certified_data")}, ci.certifiedData); err != nil {
		return nil, err
	}
	ctl := cbor.AppendSelfDescribe(nil)
	ctl = cbor.AppendArray(ctl, len(ci.controllers))
	for _, c := range ci.controllers {
		ctl = cbor.AppendBytes(ctl, c)
	}
	if err := b.Insert([][]byte{[]byte("controllers")}, ctl); err != nil {
		return nil, err
	}
	if ci.moduleHash != nil {
		if err := b.Insert([][]byte{[]byte("module_hash")}, ci.moduleHash); err != nil {
			return nil, err
		}
	}
	for name, v := range ci.metadata {
		if err := b.Insert([][]byte{[]byte("metadata"), []byte(name)}, v); err != nil {
			return nil, err
		}
	}
	return b.Build(), nil
}

// timeLeaf is the /time leaf value.
func timeLeaf(ns uint64) hashtree.Tree { return hashtree.NewLeaf(leb128.AppendUnsigned(nil, ns)) }
