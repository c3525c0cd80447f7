package threshold_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
)

func newCollector(t *testing.T, f fixture) *threshold.Collector {
	t.Helper()
	c, err := threshold.NewCollector(f.dealing, stateRoot)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustAdd(t *testing.T, c *threshold.Collector, index int, sig []byte, want threshold.Status) {
	t.Helper()
	got, err := c.Add(index, sig)
	if err != nil {
		t.Fatalf("Add(%d): %v", index, err)
	}
	if got != want {
		t.Fatalf("Add(%d) = %v, want %v", index, got, want)
	}
}

func TestCollectorReaches(t *testing.T) {
	f := deal(t, 1, 3, 4)
	sigs := signAll(f.shares, stateRoot)
	c := newCollector(t, f)
	if c.Status() != threshold.Pending {
		t.Fatalf("initial status %v", c.Status())
	}
	mustAdd(t, c, 4, sigs[3].Signature.Bytes(), threshold.Pending)
	mustAdd(t, c, 4, sigs[3].Signature.Bytes(), threshold.Pending) // duplicate ignored
	mustAdd(t, c, 2, sigs[1].Signature.Bytes(), threshold.Pending)
	if _, ok := c.Signature(); ok {
		t.Fatal("signature before threshold")
	}
	mustAdd(t, c, 1, sigs[0].Signature.Bytes(), threshold.Reached)
	sig, ok := c.Signature()
	if !ok || !sig.Equal(f.secret.Sign(stateRoot)) {
		t.Fatal("wrong combined signature")
	}
	if err := bls.Verify(f.dealing.PublicKey(), stateRoot, sig.Bytes()); err != nil {
		t.Fatal(err)
	}
	// Late shares change nothing, valid or not.
	mustAdd(t, c, 3, sigs[2].Signature.Bytes(), threshold.Reached)
	mustAdd(t, c, 3, []byte("junk"), threshold.Reached)
	if !slices.Equal(c.Valid(), []int{1, 2, 4}) || len(c.Faulty()) != 0 {
		t.Fatalf("valid %v faulty %v", c.Valid(), c.Faulty())
	}
}

// TestCollectorRejectsAndRecordsFaulty: with n = 5 and t = 3, two faulty
// nodes leave exactly t possible senders; the third makes t unreachable.
func TestCollectorRejectsAndRecordsFaulty(t *testing.T) {
	f := deal(t, 2, 3, 5)
	sigs := signAll(f.shares, stateRoot)
	foreign := deal(t, 3, 3, 5).shares[1].Sign(stateRoot).Signature.Bytes()
	otherMsg := f.shares[2].Sign([]byte("other")).Signature.Bytes()
	infinity := make([]byte, 48)
	infinity[0] = 0xc0

	c := newCollector(t, f)
	for _, tc := range []struct {
		name  string
		index int
		sig   []byte
		want  threshold.Status
		isErr error
	}{
		{"foreign key", 2, foreign, threshold.Pending, threshold.ErrInvalidSignatureShare},
		{"other message", 3, otherMsg, threshold.Pending, threshold.ErrInvalidSignatureShare},
		{"another node's share", 5, sigs[0].Signature.Bytes(), threshold.Impossible, threshold.ErrInvalidSignatureShare},
	} {
		got, err := c.Add(tc.index, tc.sig)
		var se *threshold.ShareError
		if !errors.As(err, &se) || se.Index != tc.index || !errors.Is(err, tc.isErr) {
			t.Fatalf("%s: Add = %v", tc.name, err)
		}
		if got != tc.want {
			t.Fatalf("%s: status %v, want %v", tc.name, got, tc.want)
		}
	}
	if !slices.Equal(c.Faulty(), []int{2, 3, 5}) {
		t.Fatalf("Faulty = %v", c.Faulty())
	}
	// Once impossible, nothing revives it.
	mustAdd(t, c, 1, sigs[0].Signature.Bytes(), threshold.Impossible)
	if _, ok := c.Signature(); ok {
		t.Fatal("signature while impossible")
	}
}

func TestCollectorMalformedAndOutOfRange(t *testing.T) {
	f := deal(t, 4, 2, 3)
	sigs := signAll(f.shares, stateRoot)
	infinity := make([]byte, 48)
	infinity[0] = 0xc0

	for name, b := range map[string][]byte{
		"empty":     nil,
		"truncated": sigs[0].Signature.Bytes()[:47],
		"long":      append(sigs[0].Signature.Bytes(), 0),
		"infinity":  infinity,
		"all ones":  bytes.Repeat([]byte{0xff}, 48),
	} {
		t.Run(name, func(t *testing.T) {
			c := newCollector(t, f)
			st, err := c.Add(1, b)
			if !errors.Is(err, threshold.ErrInvalidSignatureShare) || !errors.Is(err, bls.ErrMalformedSignature) || st != threshold.Pending {
				t.Fatalf("Add = %v, %v", st, err)
			}
			// The node is faulty: its later, valid share is ignored.
			mustAdd(t, c, 1, sigs[0].Signature.Bytes(), threshold.Pending)
			mustAdd(t, c, 2, sigs[1].Signature.Bytes(), threshold.Pending)
			mustAdd(t, c, 3, sigs[2].Signature.Bytes(), threshold.Reached)
			if !slices.Equal(c.Valid(), []int{2, 3}) || !slices.Equal(c.Faulty(), []int{1}) {
				t.Fatalf("valid %v faulty %v", c.Valid(), c.Faulty())
			}
		})
	}
	c := newCollector(t, f)
	for _, idx := range []int{0, -1, 4, 1 << 30} {
		st, err := c.Add(idx, sigs[0].Signature.Bytes())
		if !errors.Is(err, threshold.ErrIndex) || st != threshold.Pending {
			t.Fatalf("Add(index %d) = %v, %v", idx, st, err)
		}
	}
	if len(c.Faulty()) != 0 {
		t.Fatal("out-of-range index recorded as faulty")
	}
	if _, err := threshold.NewCollector(nil, nil); err == nil {
		t.Fatal("NewCollector(nil) succeeded")
	}
}

func TestCollectorOneOfOne(t *testing.T) {
	f := deal(t, 5, 1, 1)
	c := newCollector(t, f)
	mustAdd(t, c, 1, f.shares[0].Sign(stateRoot).Signature.Bytes(), threshold.Reached)
	sig, _ := c.Signature()
	if err := bls.Verify(f.dealing.PublicKey(), stateRoot, sig.Bytes()); err != nil {
		t.Fatal(err)
	}
}

func TestCollectorCopiesMessage(t *testing.T) {
	f := deal(t, 6, 1, 2)
	msg := bytes.Clone(stateRoot)
	c, _ := threshold.NewCollector(f.dealing, msg)
	msg[0] ^= 1
	mustAdd(t, c, 2, f.shares[1].Sign(stateRoot).Signature.Bytes(), threshold.Reached)
}

func TestStatusString(t *testing.T) {
	for s, want := range map[threshold.Status]string{
		threshold.Pending: "pending", threshold.Reached: "reached", threshold.Impossible: "impossible", 7: "Status(7)",
	} {
		if s.String() != want {
			t.Errorf("%d.String() = %q", int(s), s.String())
		}
	}
}
