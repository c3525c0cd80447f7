package consensus

import (
	"encoding/binary"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
)

// BeaconShare is one node's share of the random beacon of a height: a
// signature share, under the subnet's (f+1)-of-n threshold key, of the
// previous height's beacon. Any f+1 shares combine into the one beacon
// (threshold relay): unique, so no node can bias it, and unpredictable until
// f+1 nodes reveal their shares.
//
// Wire format: type byte 1, height (8 bytes), signer index (2 bytes), the
// 48-byte signature share of beaconMessage(height, previous beacon value).
type BeaconShare struct {
	Height    uint64
	Signer    int
	Signature bls.Signature
}

// Type returns TypeBeaconShare.
func (s *BeaconShare) Type() MessageType { return TypeBeaconShare }

func (s *BeaconShare) height() uint64 { return s.Height }
func (s *BeaconShare) signer() int    { return s.Signer }

// Append appends the canonical encoding of s to b.
func (s *BeaconShare) Append(b []byte) []byte {
	b = append(b, byte(TypeBeaconShare))
	b = binary.BigEndian.AppendUint64(b, s.Height)
	b = binary.BigEndian.AppendUint16(b, uint16(s.Signer))
	return append(b, s.Signature.Bytes()...)
}

func parseBeaconShare(r *reader) *BeaconShare {
	s := &BeaconShare{Height: r.height()}
	s.Signer = int(r.u16("signer"))
	s.Signature = r.signature("beacon share")
	return s
}

// signBeaconShare makes this node's share of the beacon of height h.
func signBeaconShare(key threshold.SecretShare, h uint64, prev []byte) *BeaconShare {
	sh := key.Sign(beaconMessage(h, prev))
	return &BeaconShare{Height: h, Signer: key.Index - 1, Signature: sh.Signature}
}
