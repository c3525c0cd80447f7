package threshold_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
)

func TestDealingRoundTrip(t *testing.T) {
	for _, sz := range sizes {
		f := deal(t, 7, sz.t, sz.n)
		b := f.dealing.Bytes()
		if len(b) != f.dealing.EncodedSize() || len(b) != 5+96*sz.t {
			t.Fatalf("%d-of-%d: %d bytes", sz.t, sz.n, len(b))
		}
		d, err := threshold.DealingFromBytes(b)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Equal(f.dealing) || !bytes.Equal(d.Bytes(), b) {
			t.Fatal("round trip changed the dealing")
		}
		// The parsed dealing still verifies the original shares.
		for _, s := range f.shares {
			if err := d.VerifyShare(s); err != nil {
				t.Fatal(err)
			}
		}
		// Append appends; ParseDealing reports what it consumed.
		framed := f.dealing.Append([]byte("head"))
		d2, used, err := threshold.ParseDealing(append(framed[4:], "tail"...))
		if err != nil || used != len(b) || !d2.Equal(d) {
			t.Fatalf("ParseDealing: used %d, %v", used, err)
		}
	}
}

func TestDealingParseStrict(t *testing.T) {
	f := deal(t, 8, 2, 3)
	good := f.dealing.Bytes()

	t.Run("every truncation", func(t *testing.T) {
		for i := range len(good) {
			if _, err := threshold.DealingFromBytes(good[:i]); !errors.Is(err, threshold.ErrMalformedDealing) {
				t.Fatalf("%d bytes: %v", i, err)
			}
		}
	})

	edit := func(fn func(b []byte) []byte) []byte { return fn(bytes.Clone(good)) }
	header := func(t, n uint16) func([]byte) []byte {
		return func(b []byte) []byte {
			binary.BigEndian.PutUint16(b[1:], t)
			binary.BigEndian.PutUint16(b[3:], n)
			return b
		}
	}
	infinity := make([]byte, 96)
	infinity[0] = 0xc0
	cases := map[string]struct {
		b    []byte
		want error
	}{
		"trailing byte":          {append(bytes.Clone(good), 0), threshold.ErrMalformedDealing},
		"version 0":              {edit(func(b []byte) []byte { b[0] = 0; return b }), threshold.ErrMalformedDealing},
		"version 2":              {edit(func(b []byte) []byte { b[0] = 2; return b }), threshold.ErrMalformedDealing},
		"t = 0":                  {edit(header(0, 3)), threshold.ErrParameters},
		"t > n":                  {edit(header(2, 1)), threshold.ErrParameters},
		"n > MaxNodes":           {edit(header(2, threshold.MaxNodes+1)), threshold.ErrParameters},
		"t claims more points":   {edit(header(3, 3)), threshold.ErrMalformedDealing},
		"t claims fewer points":  {edit(header(1, 3)), threshold.ErrMalformedDealing},
		"commitment at infinity": {edit(func(b []byte) []byte { copy(b[5+96:], infinity); return b }), bls.ErrMalformedPublicKey},
		"commitment garbage":     {edit(func(b []byte) []byte { b[6] ^= 0xff; return b }), bls.ErrMalformedPublicKey},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := threshold.DealingFromBytes(tc.b)
			if !errors.Is(err, tc.want) || !errors.Is(err, threshold.ErrMalformedDealing) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// FuzzParseDealing: parsing never panics; what parses re-encodes to the
// bytes it consumed and yields usable key shares.
func FuzzParseDealing(f *testing.F) {
	for _, sz := range sizes[:3] {
		f.Add(deal(f, 9, sz.t, sz.n).dealing.Bytes())
	}
	f.Add([]byte{1, 0, 1, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, used, err := threshold.ParseDealing(b)
		if err != nil {
			return
		}
		if !bytes.Equal(d.Bytes(), b[:used]) {
			t.Fatalf("re-encoding differs")
		}
		if _, err := d.PublicKeyShare(d.Nodes()); err != nil && !errors.Is(err, bls.ErrInfinity) {
			t.Fatalf("PublicKeyShare: %v", err)
		}
	})
}
