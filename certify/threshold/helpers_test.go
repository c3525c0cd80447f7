package threshold_test

import (
	"math/rand/v2"
	"testing"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
)

// seeded returns a deterministic random source for tests.
func seeded(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	for i := range 8 {
		s[i] = byte(seed >> (8 * i))
	}
	return rand.NewChaCha8(s)
}

// stateRoot is a 46-byte certificate message.
var stateRoot = append([]byte("\x0dic-state-root"), make([]byte, 32)...)

type fixture struct {
	secret  *bls.SecretKey
	dealing *threshold.Dealing
	shares  []threshold.SecretShare
}

func deal(tb testing.TB, seed uint64, t, n int) fixture {
	tb.Helper()
	rnd := seeded(seed)
	secret, err := bls.GenerateKey(rnd)
	if err != nil {
		tb.Fatal(err)
	}
	d, shares, err := threshold.DealSecret(rnd, secret, t, n)
	if err != nil {
		tb.Fatal(err)
	}
	return fixture{secret, d, shares}
}

func signAll(shares []threshold.SecretShare, msg []byte) []threshold.SignatureShare {
	out := make([]threshold.SignatureShare, len(shares))
	for i, s := range shares {
		out[i] = s.Sign(msg)
	}
	return out
}
