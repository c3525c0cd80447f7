package certify

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// flip returns a copy of b with the first occurrence of old (searched from
// offset from) changed in its last byte.
func flip(t *testing.T, b, old []byte, from int) []byte {
	t.Helper()
	i := bytes.Index(b[from:], old)
	if i < 0 {
		t.Fatalf("%x not found", old)
	}
	out := bytes.Clone(b)
	out[from+i+len(old)-1] ^= 0x01
	return out
}

// TestTamper: every byte that matters is covered by a check that names it.
func TestTamper(t *testing.T) {
	n := newTestNet(t, 4)
	d := n.delegation(t, true, n.now)
	enc := n.subnetCert(t, d, n.now)
	c, err := Parse(enc)
	must(t, err)
	opts := Options{Now: n.now, CanisterID: rangeA.Low}
	if _, err := Verify(c, n.root, opts); err != nil {
		t.Fatalf("untampered: %v", err)
	}
	delegStart := bytes.Index(enc, d.Certificate)
	tests := []struct {
		name string
		enc  []byte
		want []error
	}{
		{"signature", flip(t, enc, c.Signature[:8], 0), []error{ErrSignature}},
		{"leaf", flip(t, enc, []byte("replied"), 0), []error{ErrSignature}},
		{"delegation subnet id", flip(t, enc, d.SubnetID, delegStart-len(d.SubnetID)-20), []error{ErrDelegation}},
		{"range in delegation", flip(t, enc, rangeA.High, delegStart), []error{ErrDelegation, ErrSignature}},
		{"delegation signature", flip(t, enc, mustParse(t, d.Certificate).Signature[:8], delegStart), []error{ErrDelegation, ErrSignature}},
		{"truncated", enc[:len(enc)-1], []error{ErrMalformed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range []*Verifier{nil, NewVerifier(n.root, 16)} {
				if v != nil {
					v.Verify(c, opts) // warm the cache with the genuine certificate
				}
				var err error
				if v == nil {
					var tc *Certificate
					if tc, err = Parse(tt.enc); err == nil {
						_, err = Verify(tc, n.root, opts)
					}
				} else {
					_, err = v.VerifyBytes(tt.enc, opts)
				}
				for _, want := range tt.want {
					if !errors.Is(err, want) {
						t.Fatalf("cached=%v: Verify = %v, want %v", v != nil, err, want)
					}
				}
			}
		})
	}
	t.Run("time", func(t *testing.T) {
		_, err := Verify(c, n.root, Options{Now: n.now.Add(6 * time.Minute)})
		if !errors.Is(err, ErrTime) {
			t.Fatalf("Verify = %v, want ErrTime", err)
		}
		if _, err := Verify(c, n.root, Options{Now: n.now.Add(-59 * time.Second), MaxSkew: time.Minute}); err != nil {
			t.Fatalf("inside a 1-minute window: %v", err)
		}
	})
	t.Run("wrong root key", func(t *testing.T) {
		other := newTestNet(t, 5)
		if _, err := Verify(c, other.root, opts); !errors.Is(err, ErrDelegation) {
			t.Fatalf("Verify = %v, want ErrDelegation", err)
		}
	})
}

// TestTamperMainnet flips the signature of a mainnet certificate.
func TestTamperMainnet(t *testing.T) {
	root, cert := loadCert(t, "mainnet_root_subnet_ryjl3")
	enc := cert.Encode()
	bad := flip(t, enc, cert.Signature[:8], 0)
	c, err := Parse(bad)
	must(t, err)
	if _, err := Verify(c, root, Options{}); !errors.Is(err, ErrSignature) {
		t.Fatalf("Verify = %v, want ErrSignature", err)
	}
}

func mustParse(t *testing.T, b []byte) *Certificate {
	t.Helper()
	c, err := Parse(b)
	must(t, err)
	return c
}

func TestParseRejects(t *testing.T) {
	tree := "a164747265658100" // {tree: [0]}
	tests := []struct{ name, hex string }{
		{"missing signature", tree},
		{"missing tree", "a1697369676e617475726540"},
		{"duplicate key", "a364747265658100697369676e617475726540697369676e617475726540"},
		{"unknown key", "a364747265658100697369676e61747572654063666f6f00"},
		{"not a map", "80"},
		{"delegation without certificate", "a364747265658100697369676e6174757265406a64656c65676174696f6ea1697375626e65745f696440"},
		{"trailing", "a264747265658100697369676e61747572654000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := make([]byte, len(tt.hex)/2)
			for i := range b {
				b[i] = unhex(tt.hex[2*i])<<4 | unhex(tt.hex[2*i+1])
			}
			if _, err := Parse(b); !errors.Is(err, ErrMalformed) {
				t.Fatalf("Parse = %v, want ErrMalformed", err)
			}
		})
	}
	ok := []byte{0xa2, 0x69, 's', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e', 0x40, 0x64, 't', 'r', 'e', 'e', 0x81, 0x00}
	if _, err := Parse(ok); err != nil {
		t.Fatalf("keys in another order: %v", err)
	}
}

func unhex(c byte) byte {
	if c >= 'a' {
		return c - 'a' + 10
	}
	return c - '0'
}
