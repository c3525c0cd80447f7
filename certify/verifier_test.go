package certify

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// TestVerifierCache: a cached verification gives the same result, and the
// cheap checks (time, subnet, range) still run on every call.
func TestVerifierCache(t *testing.T) {
	n := newTestNet(t, 6)
	enc := n.subnetCert(t, n.delegation(t, false, n.now), n.now)
	v := NewVerifier(n.root, 8)
	opts := Options{Now: n.now, CanisterID: rangeB.High}
	first, err := v.VerifyBytes(enc, opts)
	must(t, err)
	again, err := v.VerifyBytes(enc, opts)
	must(t, err)
	if first.RootHash != again.RootHash || first.Time != again.Time || v.sigs.len() != 1 || v.delegations.len() != 1 {
		t.Fatalf("cached result differs or caches not filled: %+v %+v", first, again)
	}
	if _, err := v.VerifyBytes(enc, Options{Now: n.now.Add(time.Hour)}); !errors.Is(err, ErrTime) {
		t.Errorf("cached, late: %v, want ErrTime", err)
	}
	if _, err := v.VerifyBytes(enc, Options{CanisterID: canister(1)}); !errors.Is(err, ErrRange) {
		t.Errorf("cached, other canister: %v, want ErrRange", err)
	}
	if _, err := v.VerifyBytes(enc, Options{SubnetID: []byte("x")}); !errors.Is(err, ErrSubnet) {
		t.Errorf("cached, other subnet: %v, want ErrSubnet", err)
	}
}

// TestVerifierBounded: the caches never grow beyond their size.
func TestVerifierBounded(t *testing.T) {
	n := newTestNet(t, 7)
	v := NewVerifier(n.root, 4)
	d := n.delegation(t, true, n.now)
	for i := range 12 {
		at := n.now.Add(time.Duration(i) * time.Second)
		if _, err := v.VerifyBytes(n.subnetCert(t, d, at), Options{Now: at}); err != nil {
			t.Fatal(err)
		}
		if v.sigs.len() > 4 || v.delegations.len() > 1 {
			t.Fatalf("caches hold %d signatures, %d delegations", v.sigs.len(), v.delegations.len())
		}
	}
}

// TestVerifierConcurrent hammers one Verifier from several goroutines with
// valid and tampered certificates (run with -race).
func TestVerifierConcurrent(t *testing.T) {
	n := newTestNet(t, 8)
	d := n.delegation(t, false, n.now)
	var certs [][]byte
	for i := range 6 {
		certs = append(certs, n.subnetCert(t, d, n.now.Add(time.Duration(i)*time.Millisecond)))
	}
	bad := flip(t, certs[0], []byte("replied"), 0)
	v := NewVerifier(n.root, 3)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 30 {
				enc := certs[(g+i)%len(certs)]
				if _, err := v.VerifyBytes(enc, Options{Now: n.now, CanisterID: rangeA.Low}); err != nil {
					t.Error(err)
					return
				}
				if _, err := v.VerifyBytes(bad, Options{}); !errors.Is(err, ErrSignature) {
					t.Errorf("tampered: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestClockEviction(t *testing.T) {
	c := newClock[int, int](3)
	for i := range 3 {
		c.put(i, i)
	}
	c.get(0) // referenced: survives the next eviction
	c.put(3, 3)
	if _, ok := c.get(0); !ok {
		t.Error("referenced entry evicted")
	}
	if _, ok := c.get(1); ok {
		t.Error("unreferenced entry kept")
	}
	if c.len() != 3 {
		t.Errorf("len = %d", c.len())
	}
}
