package identity

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// detRand is a deterministic byte stream for tests: SHA-256 in counter mode.
type detRand struct {
	seed [32]byte
	ctr  uint64
	buf  []byte
}

func newRand(seed string) *detRand { return &detRand{seed: sha256.Sum256([]byte(seed))} }

func (r *detRand) Read(p []byte) (int, error) {
	for n := 0; n < len(p); {
		if len(r.buf) == 0 {
			h := sha256.Sum256(append(r.seed[:], byte(r.ctr), byte(r.ctr>>8)))
			r.ctr++
			r.buf = h[:]
		}
		c := copy(p[n:], r.buf)
		r.buf, n = r.buf[c:], n+c
	}
	return len(p), nil
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPEMFixtures loads the OpenSSL- and dfx-made files and checks the
// public key against the one OpenSSL derived.
func TestPEMFixtures(t *testing.T) {
	for _, tc := range []struct{ file, pub string }{
		{"ed25519.pem", "ed25519.pub.hex"},
		{"ed25519_dfx.pem", "ed25519.pub.hex"},
		{"secp256k1.pem", "secp256k1.pub.hex"},
		{"secp256k1_noparams.pem", "secp256k1_noparams.pub.hex"},
		{"secp256k1_pkcs8.pem", "secp256k1_noparams.pub.hex"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			id, err := ParsePEM(readFixture(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSpace(string(readFixture(t, tc.pub)))
			if got := hex.EncodeToString(id.PublicKeyDER()); got != want {
				t.Fatalf("public key %s, OpenSSL says %s", got, want)
			}
			again, err := EncodePEM(id)
			if err != nil {
				t.Fatal(err)
			}
			id2, err := ParsePEM(again)
			if err != nil || id2.Sender() != id.Sender() {
				t.Fatalf("EncodePEM round trip: %v", err)
			}
			if !strings.HasPrefix(tc.file, "ed25519") {
				// OpenSSL 3 refuses the explicitly tagged public key of the
				// dfx/ring Ed25519 form, so only the SEC1 output is checked.
				opensslAgrees(t, again, want)
			}
		})
	}
}

// opensslAgrees checks that OpenSSL reads what EncodePEM wrote.
func opensslAgrees(t *testing.T, pemBytes []byte, wantPubHex string) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		return
	}
	cmd := exec.Command("openssl", "pkey", "-pubout", "-outform", "DER")
	cmd.Stdin = bytes.NewReader(pemBytes)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl cannot read our PEM: %v", err)
	}
	if hex.EncodeToString(out) != wantPubHex {
		t.Fatalf("openssl derives %x", out)
	}
}

func TestPEMRefused(t *testing.T) {
	dfx := readFixture(t, "ed25519_dfx.pem")
	block, _ := pem.Decode(dfx)
	tampered := bytes.Clone(block.Bytes)
	tampered[len(tampered)-1] ^= 1
	// RFC 5958 form: [1] IMPLICIT BIT STRING (81 21 00 ‖ key) instead of
	// ring's a1 23 03 21 00 ‖ key.
	implicit := append(append(bytes.Clone(block.Bytes[:48]), 0x81, 0x21), block.Bytes[52:]...)
	implicit[1] -= 2

	encode := func(typ string, der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}) }
	p256Params := encode("EC PARAMETERS", []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07})
	for name, tc := range map[string]struct {
		data []byte
		want error
	}{
		"pkcs8 encrypted":           {readFixture(t, "ed25519_encrypted.pem"), ErrEncrypted},
		"legacy encrypted":          {readFixture(t, "secp256k1_encrypted.pem"), ErrEncrypted},
		"empty":                     {nil, ErrKeyFormat},
		"not pem":                   {[]byte("hello"), ErrKeyFormat},
		"certificate":               {encode("CERTIFICATE", []byte{0x30, 0}), ErrKeyFormat},
		"garbage der":               {encode("PRIVATE KEY", []byte{1, 2, 3}), ErrKeyFormat},
		"public key mismatch":       {encode("PRIVATE KEY", tampered), ErrKeyFormat},
		"p256 parameters":           {append(p256Params, readFixture(t, "secp256k1_noparams.pem")...), ErrKeyFormat},
		"ec params then nothing":    {readFixture(t, "secp256k1.pem")[:80], ErrKeyFormat},
		"sec1 as pkcs8":             {encode("PRIVATE KEY", mustBlock(t, readFixture(t, "secp256k1_noparams.pem"))), ErrKeyFormat},
		"pkcs8 as sec1":             {encode("EC PRIVATE KEY", block.Bytes), ErrKeyFormat},
		"truncated ed25519 pkcs8":   {encode("PRIVATE KEY", block.Bytes[:40]), ErrKeyFormat},
		"zero secp256k1 scalar":     {encode("EC PRIVATE KEY", []byte{0x30, 0x06, 0x02, 0x01, 0x01, 0x04, 0x01, 0x00}), ErrKeyFormat},
		"overflow secp256k1 scalar": {encode("EC PRIVATE KEY", append([]byte{0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x20}, bytes.Repeat([]byte{0xff}, 32)...)), ErrKeyFormat},
	} {
		t.Run(name, func(t *testing.T) {
			if id, err := ParsePEM(tc.data); !errors.Is(err, tc.want) || id != nil {
				t.Fatalf("ParsePEM = %v, %v; want %v", id, err, tc.want)
			}
		})
	}
	// RFC 5958's [1] IMPLICIT public key is accepted like ring's explicit one.
	if _, err := ParsePEM(encode("PRIVATE KEY", implicit)); err != nil {
		t.Fatalf("implicit public key: %v", err)
	}
}

func mustBlock(t *testing.T, data []byte) []byte {
	b, _ := pem.Decode(data)
	if b == nil {
		t.Fatal("no PEM block")
	}
	return b.Bytes
}

var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func callTo(c principal.Principal, typ envelope.RequestType) envelope.Content {
	if typ == envelope.ReadState {
		return envelope.Content{Type: typ, IngressExpiry: uint64(testNow.Add(time.Minute).UnixNano()), Paths: [][][]byte{{[]byte("time")}}}
	}
	return envelope.Content{Type: typ, IngressExpiry: uint64(testNow.Add(time.Minute).UnixNano()), CanisterID: c, MethodName: "m", Arg: []byte("DIDL\x00\x00")}
}

func verify(t *testing.T, env *envelope.Envelope, ecid principal.Principal) error {
	t.Helper()
	// Send it over the wire form to check encoding and decoding too.
	got, err := envelope.Decode(env.Marshal())
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	_, err = envelope.Verify(got, envelope.Options{Now: testNow, Endpoint: env.Content.Type, EffectiveCanisterID: ecid})
	return err
}

// TestSignEnvelope checks that envelopes signed by every kind of identity
// pass envelope.Verify for every request type.
func TestSignEnvelope(t *testing.T) {
	canister := principal.CanisterID(42)
	ids := map[string]Identity{"anonymous": Anonymous()}
	for _, k := range []Kind{Ed25519, Secp256k1, P256} {
		id, err := Generate(k, newRand(k.String()))
		if err != nil {
			t.Fatal(err)
		}
		ids[k.String()] = id
	}
	for _, f := range []string{"ed25519.pem", "ed25519_dfx.pem", "secp256k1.pem"} {
		id, err := ParsePEM(readFixture(t, f))
		if err != nil {
			t.Fatal(err)
		}
		ids[f] = id
	}
	for name, id := range ids {
		for _, typ := range []envelope.RequestType{envelope.Call, envelope.Query, envelope.ReadState} {
			t.Run(name+"/"+typ.String(), func(t *testing.T) {
				env, err := SignEnvelope(id, callTo(canister, typ))
				if err != nil {
					t.Fatal(err)
				}
				if err := verify(t, env, canister); err != nil {
					t.Fatal(err)
				}
				env.Content.Arg = append(env.Content.Arg, 0)
				if !id.Sender().IsAnonymous() && typ != envelope.ReadState && verify(t, env, canister) == nil {
					t.Fatal("tampered content accepted")
				}
			})
		}
	}
}

// TestDelegationChain builds a chain through all three key kinds.
func TestDelegationChain(t *testing.T) {
	canister := principal.CanisterID(42)
	root, _ := Generate(Ed25519, newRand("root"))
	mid, _ := Generate(Secp256k1, newRand("mid"))
	leaf, _ := Generate(P256, newRand("leaf"))
	exp := testNow.Add(time.Hour)
	d1, err := Delegate(root, mid.PublicKeyDER(), exp, []principal.Principal{canister, principal.CanisterID(1)}, "")
	if err != nil {
		t.Fatal(err)
	}
	d2, err := Delegate(mid, leaf.PublicKeyDER(), exp, nil, envelope.PermissionsAll)
	if err != nil {
		t.Fatal(err)
	}
	id, err := NewDelegated(root.PublicKeyDER(), []envelope.SignedDelegation{d1, d2}, leaf)
	if err != nil {
		t.Fatal(err)
	}
	if id.Sender() != root.Sender() {
		t.Fatal("delegated identity must act as the root principal")
	}
	env, err := SignEnvelope(id, callTo(canister, envelope.Call))
	if err != nil {
		t.Fatal(err)
	}
	if err := verify(t, env, canister); err != nil {
		t.Fatal(err)
	}
	other, _ := SignEnvelope(id, callTo(principal.CanisterID(2), envelope.Call))
	if err := verify(t, other, principal.CanisterID(2)); !errors.Is(err, envelope.ErrTarget) {
		t.Fatalf("call outside targets: %v", err)
	}
	if _, err := NewDelegated(root.PublicKeyDER(), []envelope.SignedDelegation{d1}, leaf); err == nil {
		t.Fatal("chain not ending at the signer accepted")
	}
	if _, err := NewDelegated(root.PublicKeyDER(), nil, leaf); err == nil {
		t.Fatal("empty chain accepted")
	}
	expired, _ := Delegate(root, leaf.PublicKeyDER(), testNow.Add(-time.Second), nil, "")
	id, _ = NewDelegated(root.PublicKeyDER(), []envelope.SignedDelegation{expired}, leaf)
	env, _ = SignEnvelope(id, callTo(canister, envelope.Call))
	if err := verify(t, env, canister); !errors.Is(err, envelope.ErrDelegationExpiry) {
		t.Fatalf("expired delegation: %v", err)
	}
}

func TestGenerate(t *testing.T) {
	a, _ := Generate(Ed25519, newRand("x"))
	b, _ := Generate(Ed25519, newRand("x"))
	if a.Sender() != b.Sender() {
		t.Fatal("Generate is not a function of its randomness")
	}
	if a.Sender().Class() != principal.ClassSelfAuthenticating {
		t.Fatal("sender class")
	}
	if _, err := Generate(Kind(9), newRand("x")); !errors.Is(err, ErrUnknownKind) {
		t.Fatal(err)
	}
	for _, k := range []Kind{Ed25519, Secp256k1, P256} {
		if _, err := Generate(k, bytes.NewReader(make([]byte, 5))); err == nil {
			t.Fatalf("%v from a short reader", k)
		}
	}
	if _, err := Generate(Secp256k1, bytes.NewReader(make([]byte, 32*64))); err == nil {
		t.Fatal("all-zero scalars accepted")
	}
	if _, err := Anonymous().Sign(nil); !errors.Is(err, ErrAnonymous) {
		t.Fatal(err)
	}
	if _, err := EncodePEM(Anonymous()); err == nil {
		t.Fatal("anonymous saved as PEM")
	}
	if _, err := NewEd25519(make([]byte, 31)); err == nil {
		t.Fatal("short seed accepted")
	}
	if _, err := NewP256(make([]byte, 32), newRand("p")); err == nil {
		t.Fatal("zero P-256 scalar accepted")
	}
}
