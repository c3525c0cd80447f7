package certify

import (
	"fmt"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
)

// Append appends the canister-range value #6.55799([* [low high]]) of the
// state tree (interface spec, § The system state tree).
func (rs Ranges) Append(b []byte) []byte {
	b = cbor.AppendSelfDescribe(b)
	b = cbor.AppendArray(b, len(rs))
	for _, r := range rs {
		b = cbor.AppendArray(b, 2)
		b = cbor.AppendBytes(b, r.Low)
		b = cbor.AppendBytes(b, r.High)
	}
	return b
}

// DelegationTree is the state tree that a root-subnet certificate for a
// delegation reveals: the subnet's public key, its canister ranges in both
// the sharded layout (/canister_ranges/<sid>/<first id>, interface spec
// 0.45 and later) and the legacy one (/subnet/<sid>/canister_ranges, which
// @dfinity/agent 3.x still reads), and /time. Every client tries the
// sharded layout first, so publishing both serves old and new alike.
func DelegationTree(subnetID, subnetKeyDER []byte, ranges Ranges, timeNanos uint64) (hashtree.Tree, error) {
	if len(ranges) == 0 {
		return hashtree.Tree{}, fmt.Errorf("%w: a delegation needs at least one canister range", ErrRange)
	}
	var b hashtree.Builder
	enc := ranges.Append(nil)
	ins := func(value []byte, path ...[]byte) {
		if err := b.Insert(path, value); err != nil {
			panic(err) // distinct fixed paths: a conflict is a programming error
		}
	}
	ins(subnetKeyDER, []byte("subnet"), subnetID, []byte("public_key"))
	ins(enc, []byte("subnet"), subnetID, []byte("canister_ranges"))
	ins(enc, []byte("canister_ranges"), subnetID, ranges[0].Low)
	ins(leb128.AppendUnsigned(nil, timeNanos), []byte("time"))
	return b.Build().Tree(), nil
}

// NewDelegation has the root subnet (through rootSign) certify that the
// subnet subnetID holds subnetKeyDER and serves ranges.
func NewDelegation(subnetID, subnetKeyDER []byte, ranges Ranges, timeNanos uint64, rootSign SignFunc) (*Delegation, error) {
	tree, err := DelegationTree(subnetID, subnetKeyDER, ranges, timeNanos)
	if err != nil {
		return nil, err
	}
	cert, err := Sign(tree, nil, rootSign)
	if err != nil {
		return nil, err
	}
	return &Delegation{SubnetID: subnetID, Certificate: cert}, nil
}
