package bls_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/threshold-ic/threshold/certify/bls"
)

// seeded returns a deterministic random source for tests.
func seeded(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	for i := range 8 {
		s[i] = byte(seed >> (8 * i))
	}
	return rand.NewChaCha8(s)
}

func mustKey(tb testing.TB, seed uint64) *bls.SecretKey {
	tb.Helper()
	sk, err := bls.GenerateKey(seeded(seed))
	if err != nil {
		tb.Fatal(err)
	}
	return sk
}

// stateRootMessage is the 46-byte message a certificate signs.
func stateRootMessage(root byte) []byte {
	msg := append([]byte("\x0dic-state-root"), make([]byte, 32)...)
	msg[len(msg)-1] = root
	return msg
}

func TestSignVerifyRoundTrip(t *testing.T) {
	sk := mustKey(t, 1)
	pk := sk.PublicKey()
	for _, msg := range [][]byte{nil, {}, []byte("hello"), stateRootMessage(7), bytes.Repeat([]byte{0xff}, 4096)} {
		sig := sk.Sign(msg)
		if !pk.Verify(msg, sig) {
			t.Fatalf("Verify(%x) = false", msg)
		}
		if err := bls.Verify(pk, msg, sig.Bytes()); err != nil {
			t.Fatalf("bls.Verify(%x) = %v", msg, err)
		}
		again, err := bls.SignatureFromBytes(sig.Bytes())
		if err != nil || !again.Equal(sig) {
			t.Fatalf("signature round trip: %v", err)
		}
	}
}

func TestSignIsDeterministic(t *testing.T) {
	sk := mustKey(t, 2)
	if !sk.Sign([]byte("m")).Equal(sk.Sign([]byte("m"))) {
		t.Fatal("BLS signatures must be deterministic")
	}
}

func TestTamperedRejected(t *testing.T) {
	sk := mustKey(t, 3)
	pk := sk.PublicKey()
	other := mustKey(t, 4).PublicKey()
	msg := stateRootMessage(1)
	sig := sk.Sign(msg)

	t.Run("message", func(t *testing.T) {
		if err := bls.Verify(pk, stateRootMessage(2), sig.Bytes()); !errors.Is(err, bls.ErrInvalidSignature) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("key", func(t *testing.T) {
		if err := bls.Verify(other, msg, sig.Bytes()); !errors.Is(err, bls.ErrInvalidSignature) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("signature of other message", func(t *testing.T) {
		if err := bls.Verify(pk, msg, sk.Sign(stateRootMessage(2)).Bytes()); !errors.Is(err, bls.ErrInvalidSignature) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("flipped bits", func(t *testing.T) {
		b := sig.Bytes()
		for i := range b {
			for bit := range 8 {
				c := bytes.Clone(b)
				c[i] ^= 1 << bit
				if bls.Verify(pk, msg, c) == nil {
					t.Fatalf("flipping byte %d bit %d still verifies", i, bit)
				}
			}
		}
	})
	t.Run("zero signature value", func(t *testing.T) {
		if pk.Verify(msg, bls.Signature{}) {
			t.Fatal("zero Signature verifies")
		}
	})
	t.Run("nil key", func(t *testing.T) {
		var nilKey *bls.PublicKey
		if nilKey.Verify(msg, sig) || bls.Verify(nil, msg, sig.Bytes()) == nil {
			t.Fatal("nil key verifies")
		}
	})
}

func TestSecretKeyBytes(t *testing.T) {
	sk := mustKey(t, 5)
	sk2, err := bls.SecretKeyFromBytes(sk.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !sk2.PublicKey().Equal(sk.PublicKey()) {
		t.Fatal("secret key round trip changed the key")
	}
	// Known answer: secret key 1 has the generator as public key.
	one := make([]byte, 32)
	one[31] = 1
	g, err := bls.SecretKeyFromBytes(one)
	if err != nil {
		t.Fatal(err)
	}
	const g2 = "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"
	if g.PublicKey().String() != g2 {
		t.Fatalf("1·g2 = %s", g.PublicKey())
	}
	for name, b := range map[string][]byte{
		"short": make([]byte, 31),
		"long":  make([]byte, 33),
		"zero":  make([]byte, 32),
		"order": bytes.Clone(orderBytes),
		"max":   bytes.Repeat([]byte{0xff}, 32),
	} {
		if _, err := bls.SecretKeyFromBytes(b); !errors.Is(err, bls.ErrMalformedSecretKey) {
			t.Errorf("%s: got %v, want ErrMalformedSecretKey", name, err)
		}
	}
	if _, err := bls.SecretKeyFromScalar(bls.Scalar{}); !errors.Is(err, bls.ErrZeroScalar) {
		t.Errorf("SecretKeyFromScalar(0) = %v", err)
	}
}

func TestGenerateKeyRandomnessErrors(t *testing.T) {
	if _, err := bls.GenerateKey(bytes.NewReader(make([]byte, 10))); err == nil {
		t.Fatal("short random source accepted")
	}
	if _, err := bls.GenerateKey(bytes.NewReader(make([]byte, 64*8))); err == nil {
		t.Fatal("all-zero random source accepted")
	}
	if _, err := bls.GenerateKey(nil); err == nil {
		t.Fatal("nil random source accepted")
	}
}
