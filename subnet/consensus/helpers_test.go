package consensus

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
)

// genesisTime is the genesis of every test subnet.
var genesisTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// testSubnet is the key material of a subnet of n nodes, generated from a
// seed so that runs are reproducible.
type testSubnet struct {
	n       int
	secrets []*bls.SecretKey
	pubs    []*bls.PublicKey
	dealing *threshold.Dealing
	shares  []threshold.SecretShare
}

func seededReader(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	binary.BigEndian.PutUint64(s[:], seed)
	return rand.NewChaCha8(s)
}

func newTestSubnet(t testing.TB, n int, seed uint64) *testSubnet {
	t.Helper()
	r := seededReader(seed)
	s := &testSubnet{n: n}
	for range n {
		sk, err := bls.GenerateKey(r)
		if err != nil {
			t.Fatal(err)
		}
		s.secrets = append(s.secrets, sk)
		s.pubs = append(s.pubs, sk.PublicKey())
	}
	var err error
	s.dealing, s.shares, err = threshold.Deal(r, faults(n)+1, n)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// config returns node i's configuration; payloads are "h<height>/n<i>".
func (s *testSubnet) config(i int) Config {
	return Config{
		Index:         i,
		PublicKeys:    s.pubs,
		SecretKey:     s.secrets[i],
		Beacon:        s.dealing,
		BeaconShare:   s.shares[i],
		GenesisBeacon: []byte("test genesis beacon"),
		GenesisTime:   genesisTime,
		Timing:        Timing{NotaryDelay: 100 * time.Millisecond, RankDelay: 300 * time.Millisecond},
		Payload:       func(h uint64) []byte { return fmt.Appendf(nil, "h%d/n%d", h, i) },
	}
}

func (s *testSubnet) node(t testing.TB, i int) *Node {
	t.Helper()
	nd, err := New(s.config(i))
	if err != nil {
		t.Fatal(err)
	}
	return nd
}

// vote signs a notarization or finalization vote with node i's key.
func (s *testSubnet) vote(domain string, i int, h uint64, block Hash) bls.Signature {
	return s.secrets[i].Sign(blockVote(domain, h, block))
}
