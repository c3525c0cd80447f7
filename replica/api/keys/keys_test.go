package keys

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"math/big"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	secpecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const mainnetRootKey = "308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100814c0e6ec71fab583b08bd81373c255c3c371b2e84863c98a4f1e08b74235d14fb5d9c0cd546d9685f913a0c0b2cc5341583bf4b4392e467db96d65b9bb4cb717112f8472e0d5a4d14505ffd7484b01291091c5f87b98883463f98091a0baaae"

// TestDERExamples checks the examples of PROTOCOL.md §3.4 and §3.3.
func TestDERExamples(t *testing.T) {
	der := unhex(t, "302A300506032B6570032100B3997656BA51FF6DA37B61D8D549EC80717266ECF48FB5DA52B654412634844C")
	k, err := ParseDER(der)
	if err != nil {
		t.Fatal(err)
	}
	if k.Scheme() != SchemeEd25519 || !bytes.Equal(k.DER(), der) {
		t.Fatalf("scheme %v", k.Scheme())
	}
	if got := principal.SelfAuthenticating(k.DER()).String(); got != "3wm44-7ho22-qzoy7-l3lx5-6lfnz-kvrrz-xdwpa-a5466-rdpxi-74ken-nae" {
		t.Fatalf("principal %s", got)
	}

	root := unhex(t, mainnetRootKey)
	raw, err := ParseBLSDER(root)
	if err != nil || len(raw) != BLSKeyLength {
		t.Fatalf("ParseBLSDER: %v", err)
	}
	again, err := EncodeBLSDER(raw)
	if err != nil || !bytes.Equal(again, root) {
		t.Fatal("EncodeBLSDER round trip")
	}
	if got := principal.SelfAuthenticating(root).String(); got != "tdb26-jop6k-aogll-7ltgs-eruif-6kk7m-qpktf-gdiqx-mxtrf-vb5e6-eqe" {
		t.Fatalf("root subnet id %s", got)
	}
	var use *UnsupportedSchemeError
	if _, err := ParseDER(root); !errors.As(err, &use) || use.Scheme != SchemeBLS12381G2 {
		t.Fatalf("BLS key as sender key: %v", err)
	}
	if Identify(root) != SchemeBLS12381G2 || Identify(der) != SchemeEd25519 {
		t.Fatal("Identify")
	}
}

// TestStdlibAgreement checks our fixed prefixes against crypto/x509.
func TestStdlibAgreement(t *testing.T) {
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	want, _ := x509.MarshalPKIXPublicKey(edPub)
	k, err := NewEd25519(edPub)
	if err != nil || !bytes.Equal(k.DER(), want) {
		t.Fatalf("Ed25519 DER %x, want %x (%v)", k.DER(), want, err)
	}
	pk, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	want, _ = x509.MarshalPKIXPublicKey(&pk.PublicKey)
	raw, _ := pk.PublicKey.Bytes()
	k, err = NewP256(raw)
	if err != nil || !bytes.Equal(k.DER(), want) || len(want) != P256DERLength {
		t.Fatalf("P-256 DER %x, want %x (%v)", k.DER(), want, err)
	}
	k2, err := NewP256(elliptic.MarshalCompressed(elliptic.P256(), pk.X, pk.Y)) //nolint:staticcheck
	if err != nil || !bytes.Equal(k2.DER(), want) {
		t.Fatalf("compressed P-256: %v", err)
	}
}

type signer struct {
	name string
	key  PublicKey
	sign func(msg []byte) []byte
	n    *big.Int // group order for ECDSA, nil for Ed25519
}

func signers(t *testing.T) []signer {
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	edKey, err := NewEd25519(edPriv.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	p256Priv, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	raw, _ := p256Priv.PublicKey.Bytes()
	p256Key, err := NewP256(raw)
	if err != nil {
		t.Fatal(err)
	}
	kPriv, _ := secp256k1.GeneratePrivateKey()
	kKey, err := NewSecp256k1(kPriv.PubKey().SerializeCompressed())
	if err != nil || len(kKey.DER()) != Secp256k1DERLength {
		t.Fatalf("secp256k1 key: %v", err)
	}
	return []signer{
		{"ed25519", edKey, func(m []byte) []byte { return ed25519.Sign(edPriv, m) }, nil},
		{"p256", p256Key, func(m []byte) []byte {
			h := sha256.Sum256(m)
			r, s, err := ecdsa.Sign(rand.Reader, p256Priv, h[:])
			if err != nil {
				t.Fatal(err)
			}
			return append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...)
		}, elliptic.P256().Params().N},
		{"secp256k1", kKey, func(m []byte) []byte {
			h := sha256.Sum256(m)
			sig := secpecdsa.SignCompact(kPriv, h[:], false) // recovery byte ‖ r ‖ s
			return sig[1:]
		}, secp256k1.Params().N},
	}
}

// TestSignVerify covers round trips and every kind of tampering.
func TestSignVerify(t *testing.T) {
	msg := []byte("\x0aic-request" + "0123456789abcdef0123456789abcdef")
	all := signers(t)
	for i, s := range all {
		t.Run(s.name, func(t *testing.T) {
			sig := s.sign(msg)
			reparsed, err := ParseDER(s.key.DER())
			if err != nil {
				t.Fatal(err)
			}
			if err := reparsed.Verify(msg, sig); err != nil {
				t.Fatalf("valid signature refused: %v", err)
			}
			bad := func(name string, k PublicKey, m, sg []byte) {
				t.Helper()
				if err := k.Verify(m, sg); !errors.Is(err, ErrSignature) {
					t.Errorf("%s: error = %v, want ErrSignature", name, err)
				}
			}
			flip := func(b []byte, i int) []byte { c := bytes.Clone(b); c[i] ^= 1; return c }
			bad("tampered message", s.key, flip(msg, 3), sig)
			bad("tampered signature", s.key, msg, flip(sig, 10))
			bad("wrong key", all[(i+1)%len(all)].key, msg, sig)
			bad("short signature", s.key, msg, sig[:63])
			bad("long signature", s.key, msg, append(bytes.Clone(sig), 0))
			bad("empty signature", s.key, msg, nil)
			bad("zero signature", s.key, msg, make([]byte, 64))
			if s.n != nil {
				// High-S: the same signature with s replaced by n - s verifies.
				sv := new(big.Int).SetBytes(sig[32:])
				high := append(bytes.Clone(sig[:32]), new(big.Int).Sub(s.n, sv).FillBytes(make([]byte, 32))...)
				if err := s.key.Verify(msg, high); err != nil {
					t.Errorf("high-S refused: %v", err)
				}
				over := append(bytes.Clone(sig[:32]), s.n.FillBytes(make([]byte, 32))...)
				bad("s = n", s.key, msg, over)
			}
		})
	}
}

func TestMalformedDER(t *testing.T) {
	edDER := unhex(t, "302a300506032b6570032100b3997656ba51ff6da37b61d8d549ec80717266ecf48fb5da52b654412634844c")
	notOnCurve := bytes.Clone(edDER)
	for y := byte(2); ; y++ { // find a y with no x
		enc := make([]byte, 32)
		enc[0] = y
		if !onEdwardsCurve(enc) {
			copy(notOnCurve[12:], enc)
			break
		}
	}
	nonCanonicalY := bytes.Clone(edDER)
	copy(nonCanonicalY[12:], unhex(t, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")) // y = p
	signs := signers(t)
	p256DER, k1DER := signs[1].key.DER(), signs[2].key.DER()
	offCurve := func(b []byte) []byte { c := bytes.Clone(b); c[len(c)-1] ^= 1; return c }
	badTag := func(b []byte, off int) []byte { c := bytes.Clone(b); c[off] = 0x05; return c }
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 1024)
	rsaDER, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	// spki wraps key (< 100 bytes) with a parameterless algorithm identifier.
	spki := func(alg string, key []byte) []byte {
		algID := unhex(t, alg)
		body := append(append(algID, 0x03, byte(len(key)+1), 0x00), key...)
		return append([]byte{0x30, byte(len(body))}, body...)
	}
	webauthn := spki("300c060a2b0601040183b8430101", []byte{0xa5, 0x01, 0x02, 0x03, 0x26})
	canisterSig := spki("300c060a2b0601040183b8430102", []byte{0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 's', 'e', 'e', 'd'})

	for name, tc := range map[string]struct {
		der    []byte
		want   error
		scheme Scheme
	}{
		"empty":                   {nil, ErrMalformed, 0},
		"garbage":                 {[]byte("hello"), ErrMalformed, 0},
		"ed25519 truncated":       {edDER[:43], ErrMalformed, 0},
		"ed25519 trailing byte":   {append(bytes.Clone(edDER), 0), ErrMalformed, 0},
		"ed25519 not on curve":    {notOnCurve, ErrMalformed, 0},
		"ed25519 y = p":           {nonCanonicalY, ErrMalformed, 0},
		"ed25519 raw 32 bytes":    {edDER[12:], ErrMalformed, 0},
		"p256 off curve":          {offCurve(p256DER), ErrMalformed, 0},
		"p256 truncated":          {p256DER[:90], ErrMalformed, 0},
		"p256 bad point tag":      {badTag(p256DER, 26), ErrMalformed, 0},
		"p256 infinity":           {append(bytes.Clone(p256DER[:26]), make([]byte, 65)...), ErrMalformed, 0},
		"secp256k1 off curve":     {offCurve(k1DER), ErrMalformed, 0},
		"secp256k1 truncated":     {k1DER[:87], ErrMalformed, 0},
		"secp256k1 bad point tag": {badTag(k1DER, 23), ErrMalformed, 0},
		"rsa":                     {rsaDER, ErrUnsupported, SchemeUnknown},
		"webauthn":                {webauthn, ErrUnsupported, SchemeWebAuthn},
		"canister signature":      {canisterSig, ErrUnsupported, SchemeCanisterSig},
		"bls truncated as sender": {unhex(t, mainnetRootKey)[:132], ErrMalformed, 0},
	} {
		t.Run(name, func(t *testing.T) {
			k, err := ParseDER(tc.der)
			if !errors.Is(err, tc.want) || k != nil {
				t.Fatalf("ParseDER error = %v, want %v", err, tc.want)
			}
			var use *UnsupportedSchemeError
			if errors.As(err, &use) && use.Scheme != tc.scheme {
				t.Fatalf("scheme %v, want %v", use.Scheme, tc.scheme)
			}
		})
	}
	for _, b := range [][]byte{unhex(t, mainnetRootKey)[:132], append(unhex(t, mainnetRootKey), 0), edDER} {
		if _, err := ParseBLSDER(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseBLSDER(%d bytes) = %v", len(b), err)
		}
	}
	if _, err := EncodeBLSDER(make([]byte, 95)); err == nil {
		t.Error("EncodeBLSDER of 95 bytes")
	}
	if _, err := NewEd25519(make([]byte, 31)); err == nil {
		t.Error("NewEd25519 of 31 bytes")
	}
}

func FuzzParseDER(f *testing.F) {
	f.Add(unhex(f, "302a300506032b6570032100b3997656ba51ff6da37b61d8d549ec80717266ecf48fb5da52b654412634844c"))
	f.Add(unhex(f, mainnetRootKey))
	pk, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKIXPublicKey(&pk.PublicKey)
	f.Add(der)
	kPriv, _ := secp256k1.GeneratePrivateKey()
	k, _ := NewSecp256k1(kPriv.PubKey().SerializeUncompressed())
	f.Add(k.DER())
	f.Add(append(append([]byte(nil), secp256k1CompressedPrefix...), kPriv.PubKey().SerializeCompressed()...))
	f.Fuzz(func(t *testing.T, der []byte) {
		k, err := ParseDER(der)
		if err != nil {
			if k != nil {
				t.Fatal("key with error")
			}
			return
		}
		if !bytes.Equal(k.DER(), der) {
			t.Fatal("DER not kept")
		}
		_ = k.Verify([]byte("m"), make([]byte, 64))
		_ = Identify(der)
		_, _ = ParseBLSDER(der)
	})
}

func BenchmarkVerifyEd25519(b *testing.B) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	k, _ := NewEd25519(pub)
	msg := []byte("message")
	sig := ed25519.Sign(priv, msg)
	b.ReportAllocs()
	for b.Loop() {
		if err := k.Verify(msg, sig); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDEREd25519(b *testing.B) {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	k, _ := NewEd25519(pub)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDER(k.DER()); err != nil {
			b.Fatal(err)
		}
	}
}
