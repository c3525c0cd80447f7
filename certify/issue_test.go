package certify

import (
	"errors"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
)

// A delegation made by NewDelegation verifies for canisters inside its
// ranges, in both range layouts, and is refused outside them.
func TestNewDelegation(t *testing.T) {
	n := newTestNet(t, 7)
	ranges := Ranges{rangeA, rangeB}
	d, err := NewDelegation(n.subnetID, n.subnetSK.PublicKey().DER(), ranges, uint64(n.now.UnixNano()),
		func(m []byte) ([]byte, error) { s := n.rootSK.Sign(m); return s.Bytes(), nil })
	if err != nil {
		t.Fatal(err)
	}
	var b hashtree.Builder
	if err := b.Insert([][]byte{[]byte("time")}, leb128.AppendUnsigned(nil, uint64(n.now.UnixNano()))); err != nil {
		t.Fatal(err)
	}
	raw, err := Sign(b.Build().Tree(), d, func(m []byte) ([]byte, error) { s := n.subnetSK.Sign(m); return s.Bytes(), nil })
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	dc, err := Parse(d.Certificate)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := SubnetRanges(dc.Tree, n.subnetID); err != nil || len(got) != 2 {
		t.Fatalf("sharded ranges: %v, %v", got, err)
	}
	if _, res := dc.Tree.Lookup([]byte("subnet"), n.subnetID, []byte("canister_ranges")); res != hashtree.Found {
		t.Fatalf("legacy ranges: %v", res)
	}
	opts := Options{Now: n.now, MaxSkew: time.Minute}
	for _, id := range [][]byte{rangeA.Low, rangeA.High, rangeB.Low, canister(0x25_0000)} {
		opts.CanisterID = id
		if _, err := Verify(c, n.root, opts); err != nil {
			t.Errorf("canister %x: %v", id, err)
		}
	}
	for _, id := range [][]byte{canister(0x1f_ffff), canister(0x30_0000), canister(0x50_0100)} {
		opts.CanisterID = id
		if _, err := Verify(c, n.root, opts); !errors.Is(err, ErrRange) {
			t.Errorf("canister %x outside the ranges: %v", id, err)
		}
	}
	if _, err := NewDelegation(n.subnetID, nil, nil, 0, nil); !errors.Is(err, ErrRange) {
		t.Errorf("no ranges: %v", err)
	}
}
