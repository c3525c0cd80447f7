package leb128

import (
	"encoding/hex"
	"errors"
	"math"
	"testing"
)

// Examples from the interface spec (https-interface.md § Representation-
// independent hashing).
func TestSpecExamples(t *testing.T) {
	for _, tc := range []struct {
		v    uint64
		want string
	}{{0, "00"}, {624485, "e58e26"}, {127, "7f"}, {128, "8001"}, {math.MaxUint64, "ffffffffffffffffff01"}} {
		got := AppendUnsigned(nil, tc.v)
		if hex.EncodeToString(got) != tc.want {
			t.Errorf("AppendUnsigned(%d) = %x, want %s", tc.v, got, tc.want)
		}
		v, n, err := Unsigned(got)
		if err != nil || v != tc.v || n != len(got) {
			t.Errorf("Unsigned(%x) = %d, %d, %v", got, v, n, err)
		}
	}
	for _, tc := range []struct {
		v    int64
		want string
	}{{-123456, "c0bb78"}, {0, "00"}, {-1, "7f"}, {63, "3f"}, {64, "c000"}, {-64, "40"}, {-65, "bf7f"},
		{math.MinInt64, "8080808080808080807f"}, {math.MaxInt64, "ffffffffffffffffff00"}} {
		got := AppendSigned(nil, tc.v)
		if hex.EncodeToString(got) != tc.want {
			t.Errorf("AppendSigned(%d) = %x, want %s", tc.v, got, tc.want)
		}
		v, n, err := Signed(got)
		if err != nil || v != tc.v || n != len(got) {
			t.Errorf("Signed(%x) = %d, %d, %v", got, v, n, err)
		}
	}
}

func TestRejects(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want error
	}{{"", ErrTruncated}, {"80", ErrTruncated}, {"ffffffffffffffffff02", ErrOverflow}, {"8080808080808080808001", ErrOverflow}} {
		b, _ := hex.DecodeString(tc.in)
		if _, _, err := Unsigned(b); !errors.Is(err, tc.want) {
			t.Errorf("Unsigned(%s): %v, want %v", tc.in, err, tc.want)
		}
	}
	if _, _, err := Signed([]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}); !errors.Is(err, ErrOverflow) {
		t.Errorf("Signed overflow: %v", err)
	}
}

func FuzzRoundTrip(f *testing.F) {
	f.Add(uint64(624485), int64(-123456))
	f.Fuzz(func(t *testing.T, u uint64, s int64) {
		if v, _, err := Unsigned(AppendUnsigned(nil, u)); err != nil || v != u {
			t.Fatalf("unsigned %d -> %d, %v", u, v, err)
		}
		if v, _, err := Signed(AppendSigned(nil, s)); err != nil || v != s {
			t.Fatalf("signed %d -> %d, %v", s, v, err)
		}
	})
}
