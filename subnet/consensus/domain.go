package consensus

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// Hash identifies a block: SHA-256 of a domain separator and the block's
// canonical encoding (Block.Hash).
type Hash [32]byte

func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// Domain separators, one per signed or hashed kind of content, so that a
// signature on one artifact can never be replayed as another (the IC's
// domain_sep: a length byte followed by the name).
const (
	domainBlock        = "ic-block"
	domainProposal     = "ic-block-proposal"
	domainBeacon       = "ic-random-beacon"
	domainNotarization = "ic-notarization"
	domainFinalization = "ic-finalization"
	domainRanking      = "ic-blockmaker-ranking"
	domainRandomness   = "ic-batch-randomness"
)

func appendDomain(b []byte, domain string) []byte {
	b = append(b, byte(len(domain)))
	return append(b, domain...)
}

// beaconMessage is what the beacon shares of height h sign: the domain, h and
// the previous beacon's value (its signature bytes, or the genesis value).
func beaconMessage(h uint64, prev []byte) []byte {
	b := appendDomain(make([]byte, 0, 64+len(prev)), domainBeacon)
	b = binary.BigEndian.AppendUint64(b, h)
	return append(b, prev...)
}

// blockVote is what proposals, notarization shares and finalization shares
// sign: the domain, the height and the block hash.
func blockVote(domain string, h uint64, block Hash) []byte {
	b := appendDomain(make([]byte, 0, 64), domain)
	b = binary.BigEndian.AppendUint64(b, h)
	return append(b, block[:]...)
}

// randomness derives the batch randomness of height h from the value of the
// random beacon of height h+1, which nobody can know before a block of
// height h is notarized (DESIGN.md: canisters see only randomness derived
// from the random beacon).
func randomness(h uint64, next []byte) [32]byte {
	b := appendDomain(nil, domainRandomness)
	b = binary.BigEndian.AppendUint64(b, h)
	return sha256.Sum256(append(b, next...))
}
