package bls_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/certify/bls"
)

// fieldModulus is p, the base field modulus, big-endian (48 bytes).
var fieldModulus, _ = hex.DecodeString("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab")

// compressedX returns the compressed encoding flag|x for a small x, size 48
// (G1) or 96 (G2, x = x_c1·u + x_c0 with x_c1 = 0).
func compressedX(size int, x byte) []byte {
	b := make([]byte, size)
	b[size-1] = x
	b[0] |= 0x80
	return b
}

// reasons parses compressed x = 0..63 and counts the error reasons: small x
// give points off the curve and (nearly all) on-curve points outside the
// prime-order subgroup, since the cofactors are large.
func reasons(t *testing.T, size int, parse func([]byte) error) map[string]int {
	t.Helper()
	got := map[string]int{}
	for x := range byte(64) {
		err := parse(compressedX(size, x))
		if err == nil {
			t.Fatalf("x=%d accepted", x)
		}
		got[err.Error()[strings.LastIndex(err.Error(), ": ")+2:]]++
	}
	return got
}

func TestMalformedSignature(t *testing.T) {
	valid := mustKey(t, 1).Sign([]byte("m")).Bytes()
	infinity := make([]byte, 48)
	infinity[0] = 0xc0
	notCanonicalInf := bytes.Clone(infinity)
	notCanonicalInf[47] = 1
	bigX := bytes.Clone(fieldModulus)
	bigX[0] |= 0x80
	uncompressedFlag := bytes.Clone(valid)
	uncompressedFlag[0] &^= 0x80

	for name, b := range map[string][]byte{
		"nil":                 nil,
		"empty":               {},
		"short":               valid[:47],
		"long":                append(bytes.Clone(valid), 0),
		"uncompressed 96":     make([]byte, 96),
		"infinity":            infinity,
		"infinity with data":  notCanonicalInf,
		"x equals p":          bigX,
		"no compression flag": uncompressedFlag,
		"all ones":            bytes.Repeat([]byte{0xff}, 48),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := bls.SignatureFromBytes(b); !errors.Is(err, bls.ErrMalformedSignature) {
				t.Fatalf("SignatureFromBytes = %v, want ErrMalformedSignature", err)
			}
			if err := bls.Verify(mustKey(t, 1).PublicKey(), []byte("m"), b); !errors.Is(err, bls.ErrMalformedSignature) {
				t.Fatalf("Verify = %v, want ErrMalformedSignature", err)
			}
		})
	}
	t.Run("off curve and outside subgroup", func(t *testing.T) {
		got := reasons(t, 48, func(b []byte) error { _, err := bls.SignatureFromBytes(b); return err })
		if got["not in the prime-order subgroup"] == 0 || got["not a compressed point on the curve"] == 0 {
			t.Fatalf("reasons = %v", got)
		}
	})
}

func TestMalformedPublicKey(t *testing.T) {
	valid := mustKey(t, 1).PublicKey().Bytes()
	infinity := make([]byte, 96)
	infinity[0] = 0xc0
	bigX := append(bytes.Clone(fieldModulus), make([]byte, 48)...)
	bigX[0] |= 0x80

	for name, b := range map[string][]byte{
		"nil":      nil,
		"short":    valid[:95],
		"long":     append(bytes.Clone(valid), 0),
		"infinity": infinity,
		"x1 = p":   bigX,
		"all ones": bytes.Repeat([]byte{0xff}, 96),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := bls.PublicKeyFromBytes(b); !errors.Is(err, bls.ErrMalformedPublicKey) {
				t.Fatalf("got %v, want ErrMalformedPublicKey", err)
			}
		})
	}
	t.Run("off curve and outside subgroup", func(t *testing.T) {
		got := reasons(t, 96, func(b []byte) error { _, err := bls.PublicKeyFromBytes(b); return err })
		if got["not in the prime-order subgroup"] == 0 || got["not a compressed point on the curve"] == 0 {
			t.Fatalf("reasons = %v", got)
		}
	})
}

func TestMalformedDER(t *testing.T) {
	der := mustKey(t, 1).PublicKey().DER()
	badPrefix := bytes.Clone(der)
	badPrefix[20] ^= 1
	infinity := bytes.Clone(der)
	copy(infinity[37:], make([]byte, 96))
	infinity[37] = 0xc0

	for name, tc := range map[string]struct {
		b    []byte
		want error
	}{
		"empty":        {nil, bls.ErrMalformedDER},
		"raw key":      {der[37:], bls.ErrMalformedDER},
		"truncated":    {der[:132], bls.ErrMalformedDER},
		"trailing":     {append(bytes.Clone(der), 0), bls.ErrMalformedDER},
		"prefix":       {badPrefix, bls.ErrMalformedDER},
		"infinity key": {infinity, bls.ErrMalformedPublicKey},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := bls.PublicKeyFromDER(tc.b); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}
