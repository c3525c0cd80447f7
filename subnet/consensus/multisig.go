package consensus

import (
	"slices"

	"github.com/threshold-ic/threshold/certify/bls"
)

// Notarization and finalization are BLS multi-signatures, as on the IC:
// every node signs with its own key, and n−f signatures on the same vote
// add up to one 48-byte signature that verifies under the sum of the
// signers' public keys. One pairing check then covers the whole quorum.

// keyring holds the nodes' individual keys and a small cache of summed keys
// (honest nodes mostly aggregate the same first n−f signers).
type keyring struct {
	keys  []*bls.PublicKey
	cache map[string]*bls.PublicKey
}

const keyCacheSize = 64

// verifyVote checks signer's signature of blockVote(domain, h, block).
func (k *keyring) verifyVote(domain string, h uint64, block Hash, signer int, sig bls.Signature) bool {
	return k.keys[signer].Verify(blockVote(domain, h, block), sig)
}

// sum returns the sum of the signers' keys; signers were checked against n.
func (k *keyring) sum(signers []int) (*bls.PublicKey, error) {
	id := make([]byte, 0, 2*len(signers))
	for _, s := range signers {
		id = append(id, byte(s>>8), byte(s))
	}
	if pk, ok := k.cache[string(id)]; ok {
		return pk, nil
	}
	keys := make([]*bls.PublicKey, len(signers))
	for i, s := range signers {
		keys[i] = k.keys[s]
	}
	pk, err := bls.EvalCommitments(keys, 1) // Σ keys[j]·1^j = Σ keys
	if err != nil {
		return nil, err
	}
	if len(k.cache) >= keyCacheSize {
		clear(k.cache)
	}
	k.cache[string(id)] = pk
	return pk, nil
}

// verifyAggregate checks an aggregate's multi-signature.
func (k *keyring) verifyAggregate(domain string, a *aggregate) bool {
	pk, err := k.sum(a.Signers)
	return err == nil && pk.Verify(blockVote(domain, a.Height, a.Block), a.Signature)
}

// shareSet collects verified vote signatures on one block, by signer.
type shareSet map[int]bls.Signature

// combine aggregates the first quorum signatures, by ascending signer.
func (s shareSet) combine(h uint64, block Hash, quorum int) (aggregate, error) {
	signers := make([]int, 0, len(s))
	for i := range s {
		signers = append(signers, i)
	}
	slices.Sort(signers)
	signers = signers[:quorum]
	sigs := make([]bls.Signature, quorum)
	ones := make([]bls.Scalar, quorum)
	for i, signer := range signers {
		sigs[i] = s[signer]
		ones[i] = bls.ScalarFromUint64(1)
	}
	sig, err := bls.CombineSignatures(sigs, ones)
	return aggregate{Height: h, Block: block, Signers: signers, Signature: sig}, err
}
