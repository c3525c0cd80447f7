package keys

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"sync"
	"testing"
)

// The cache remembers successes only, evicts the oldest entries, and is
// safe under concurrent use.
func TestCache(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	k, err := NewEd25519(pub)
	if err != nil {
		t.Fatal(err)
	}
	c := NewCache(2, 2)
	msg := []byte("\x0aic-request0123456789abcdef0123456789abcdef")
	sig := ed25519.Sign(priv, msg)
	bad := append([]byte(nil), sig...)
	bad[0] ^= 1
	for range 2 {
		if err := c.Verify(k, msg, sig); err != nil {
			t.Fatal(err)
		}
		if err := c.Verify(k, msg, bad); !errors.Is(err, ErrSignature) {
			t.Fatalf("bad signature: %v", err)
		}
	}
	if len(c.sigs) != 1 {
		t.Fatalf("%d cached signatures, want the one good one", len(c.sigs))
	}
	for i := range 5 {
		m := append(msg, byte(i))
		if err := c.Verify(k, m, ed25519.Sign(priv, m)); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.sigs) != 2 || len(c.sigOrder) != 2 {
		t.Fatalf("cache holds %d signatures, bound is 2", len(c.sigs))
	}
	der := k.DER()
	if k2, err := c.ParseDER(der); err != nil || string(k2.DER()) != string(der) {
		t.Fatalf("ParseDER: %v", err)
	}
	if _, err := c.ParseDER(der[:10]); err == nil {
		t.Fatal("malformed DER accepted")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				m := append(msg, byte(j))
				c.Verify(k, m, ed25519.Sign(priv, m))
				c.ParseDER(der)
			}
		}()
	}
	wg.Wait()
	var nilCache *Cache
	if err := nilCache.Verify(k, msg, sig); err != nil {
		t.Fatal(err)
	}
}
