package threshold_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
)

var sizes = []struct{ t, n int }{{1, 1}, {2, 3}, {9, 13}, {27, 40}}

func TestDealAndCombine(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%d-of-%d", sz.t, sz.n), func(t *testing.T) {
			f := deal(t, uint64(sz.n), sz.t, sz.n)
			d := f.dealing
			if d.Threshold() != sz.t || d.Nodes() != sz.n || len(f.shares) != sz.n {
				t.Fatalf("dealing t=%d n=%d shares=%d", d.Threshold(), d.Nodes(), len(f.shares))
			}
			if !d.PublicKey().Equal(f.secret.PublicKey()) {
				t.Fatal("C_0 is not the group public key")
			}
			for p, s := range f.shares {
				if s.Index != p+1 {
					t.Fatalf("share at position %d has index %d", p, s.Index)
				}
				if err := d.VerifyShare(s); err != nil {
					t.Fatalf("VerifyShare(%d): %v", s.Index, err)
				}
			}
			sigs := signAll(f.shares, stateRoot)
			for _, s := range sigs {
				if err := d.VerifySignatureShare(s.Index, stateRoot, s.Signature); err != nil {
					t.Fatalf("VerifySignatureShare(%d): %v", s.Index, err)
				}
			}
			want := f.secret.Sign(stateRoot)

			subsets := map[string][]threshold.SignatureShare{
				"first t": sigs[:sz.t],
				"last t":  sigs[sz.n-sz.t:],
				"all":     sigs,
			}
			rnd := rand.New(seeded(99))
			for k := range 3 {
				var sub []threshold.SignatureShare
				for _, i := range rnd.Perm(sz.n)[:sz.t] {
					sub = append(sub, sigs[i])
				}
				subsets[fmt.Sprintf("random %d", k)] = sub
			}
			for name, sub := range subsets {
				got, err := threshold.Combine(sz.t, sz.n, sub)
				if err != nil {
					t.Fatalf("%s: Combine: %v", name, err)
				}
				if !got.Equal(want) {
					t.Fatalf("%s: combined signature differs from the group key's signature", name)
				}
				if err := bls.Verify(d.PublicKey(), stateRoot, got.Bytes()); err != nil {
					t.Fatalf("%s: bls.Verify: %v", name, err)
				}
			}

			if _, err := d.Combine(sigs[:sz.t-1]); !errors.Is(err, threshold.ErrTooFewShares) {
				t.Fatalf("t-1 shares: %v, want ErrTooFewShares", err)
			}
			// t−1 shares interpolated as if the threshold were t−1 give a
			// signature that does not verify (the secret needs t points).
			if sz.t > 1 {
				got, err := threshold.Combine(sz.t-1, sz.n, sigs[:sz.t-1])
				if err == nil && bls.Verify(d.PublicKey(), stateRoot, got.Bytes()) == nil {
					t.Fatal("t-1 shares produced a valid group signature")
				}
			}
		})
	}
}

func TestDealRandom(t *testing.T) {
	d1, _, err := threshold.Deal(seeded(1), 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	d2, _, _ := threshold.Deal(seeded(1), 2, 3)
	d3, _, _ := threshold.Deal(seeded(2), 2, 3)
	if !d1.Equal(d2) || d1.Equal(d3) {
		t.Fatal("Deal is not a function of its random source")
	}
}

func TestDealParameters(t *testing.T) {
	for _, p := range []struct{ t, n int }{{0, 1}, {-1, 3}, {4, 3}, {1, 0}, {1, threshold.MaxNodes + 1}} {
		if _, _, err := threshold.Deal(seeded(1), p.t, p.n); !errors.Is(err, threshold.ErrParameters) {
			t.Errorf("Deal(t=%d, n=%d) = %v, want ErrParameters", p.t, p.n, err)
		}
	}
	if _, _, err := threshold.DealSecret(seeded(1), nil, 1, 1); err == nil {
		t.Error("DealSecret(nil secret) succeeded")
	}
	if _, _, err := threshold.Deal(seeded(1), 3, 5); err != nil {
		t.Fatal(err)
	}
	short := &shortReader{n: 40}
	if _, _, err := threshold.Deal(short, 3, 5); err == nil {
		t.Error("Deal with exhausted randomness succeeded")
	}
}

type shortReader struct{ n int }

func (r *shortReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, errors.New("exhausted")
	}
	k := min(len(p), r.n)
	r.n -= k
	return k, nil
}

// TestWrongShareCaught: VerifyShare rejects a share that does not match the
// commitments: another node's share, a share of another dealing, a nil key.
func TestWrongShareCaught(t *testing.T) {
	f := deal(t, 1, 3, 5)
	other := deal(t, 2, 3, 5)
	cases := map[string]threshold.SecretShare{
		"swapped index":  {Index: 2, Key: f.shares[0].Key},
		"other dealing":  other.shares[0],
		"group secret":   {Index: 1, Key: f.secret},
		"nil key":        {Index: 1},
		"index 0":        {Index: 0, Key: f.secret},
		"index above n":  {Index: 6, Key: f.shares[0].Key},
		"negative index": {Index: -1, Key: f.shares[0].Key},
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			err := f.dealing.VerifyShare(s)
			if !errors.Is(err, threshold.ErrInvalidSecretShare) && !errors.Is(err, threshold.ErrIndex) {
				t.Fatalf("VerifyShare = %v", err)
			}
		})
	}
	// A signature share from the wrong key is caught too.
	bad := other.shares[0].Sign(stateRoot)
	if err := f.dealing.VerifySignatureShare(1, stateRoot, bad.Signature); !errors.Is(err, threshold.ErrInvalidSignatureShare) {
		t.Fatalf("VerifySignatureShare = %v", err)
	}
	if err := f.dealing.VerifySignatureShare(0, stateRoot, bad.Signature); !errors.Is(err, threshold.ErrIndex) {
		t.Fatalf("VerifySignatureShare(index 0) = %v", err)
	}
}

func TestCombineHostile(t *testing.T) {
	f := deal(t, 3, 3, 5)
	sigs := signAll(f.shares, stateRoot)
	with := func(i int, s threshold.SignatureShare) []threshold.SignatureShare {
		out := append([]threshold.SignatureShare{}, sigs[:3]...)
		out[i] = s
		return out
	}
	cases := map[string]struct {
		t, n   int
		shares []threshold.SignatureShare
		want   error
	}{
		"index 0":        {3, 5, with(0, threshold.SignatureShare{Index: 0, Signature: sigs[0].Signature}), threshold.ErrIndex},
		"negative index": {3, 5, with(1, threshold.SignatureShare{Index: -3, Signature: sigs[1].Signature}), threshold.ErrIndex},
		"index above n":  {3, 5, with(2, threshold.SignatureShare{Index: 6, Signature: sigs[2].Signature}), threshold.ErrIndex},
		"duplicate":      {3, 5, with(2, sigs[0]), threshold.ErrDuplicateIndex},
		"duplicate late": {3, 5, append(append([]threshold.SignatureShare{}, sigs...), sigs[4]), threshold.ErrDuplicateIndex},
		"zero signature": {3, 5, with(1, threshold.SignatureShare{Index: 2}), threshold.ErrInvalidSignatureShare},
		"none":           {3, 5, nil, threshold.ErrTooFewShares},
		"t = 0":          {0, 5, sigs, threshold.ErrParameters},
		"t > n":          {6, 5, sigs, threshold.ErrParameters},
		"n too large":    {3, threshold.MaxNodes + 1, sigs, threshold.ErrParameters},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := threshold.Combine(tc.t, tc.n, tc.shares); !errors.Is(err, tc.want) {
				t.Fatalf("Combine = %v, want %v", err, tc.want)
			}
		})
	}
	// An unverified bad share yields a signature that fails verification.
	bad := deal(t, 4, 3, 5).shares[1].Sign(stateRoot)
	got, err := threshold.Combine(3, 5, with(1, bad))
	if err != nil {
		t.Fatal(err)
	}
	if bls.Verify(f.dealing.PublicKey(), stateRoot, got.Bytes()) == nil {
		t.Fatal("combination with a foreign share verifies")
	}
}
