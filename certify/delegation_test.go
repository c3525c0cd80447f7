package certify

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestDelegationRanges (§4.5): a delegated certificate is accepted for
// canisters inside the subnet's ranges and rejected outside them, with the
// ranges at the legacy path or in shards.
func TestDelegationRanges(t *testing.T) {
	n := newTestNet(t, 1)
	for _, sharded := range []bool{false, true} {
		d := n.delegation(t, sharded, n.now.Add(-30*24*time.Hour)) // old delegations are fine
		c, err := Parse(n.subnetCert(t, d, n.now))
		must(t, err)
		tests := []struct {
			id []byte
			ok bool
		}{
			{rangeA.Low, true}, {canister(0x20_1234), true}, {rangeA.High, true},
			{rangeB.Low, true}, {rangeB.High, true},
			{canister(0x1f_ffff), false}, {canister(0x30_0000), false},
			{canister(0x50_0100), false}, {nil, true},
			{append(bytes.Clone(rangeA.High), 0), false},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("sharded=%v/%x", sharded, tt.id), func(t *testing.T) {
				res, err := Verify(c, n.root, Options{Now: n.now, CanisterID: tt.id})
				if tt.ok != (err == nil) || err != nil && !errors.Is(err, ErrRange) {
					t.Fatalf("Verify = %v, want ok=%v", err, tt.ok)
				}
				if err == nil && (!res.Delegated || !bytes.Equal(res.SubnetID, n.subnetID) ||
					!res.SubnetKey.Equal(n.subnetSK.PublicKey()) || len(res.Ranges) != 2) {
					t.Fatalf("Verified = %+v", res)
				}
			})
		}
	}
}

// TestRootSubnetCertificate (§3.3): without delegation the root subnet
// signed, its id is the self-authenticating id of the root key, and no
// range check applies.
func TestRootSubnetCertificate(t *testing.T) {
	n := newTestNet(t, 2)
	c, err := Parse(n.rootCert(t, n.now))
	must(t, err)
	res, err := Verify(c, n.root, Options{Now: n.now, CanisterID: canister(99), SubnetID: n.root.SubnetID()})
	if err != nil || res.Delegated || !bytes.Equal(res.SubnetID, SelfAuthenticatingID(n.rootSK.PublicKey().DER())) {
		t.Fatalf("Verify = %+v, %v", res, err)
	}
	if _, err := Verify(c, n.root, Options{SubnetID: n.subnetID}); !errors.Is(err, ErrSubnet) {
		t.Fatalf("other subnet: %v, want ErrSubnet", err)
	}
}

// TestMissingRanges: a delegation whose ranges are pruned or absent
// rejects every canister but still serves subnet requests.
func TestMissingRanges(t *testing.T) {
	n := newTestNet(t, 3)
	// A delegation that reveals the key and proves the ranges absent.
	stripped := keyOnlyDelegation(t, n)
	c, err := Parse(n.subnetCert(t, stripped, n.now))
	must(t, err)
	if _, err := Verify(c, n.root, Options{CanisterID: rangeA.Low}); !errors.Is(err, ErrRange) {
		t.Fatalf("canister: %v, want ErrRange", err)
	}
	if _, err := Verify(c, n.root, Options{SubnetID: n.subnetID}); err != nil {
		t.Fatalf("subnet: %v", err)
	}
}

func keyOnlyDelegation(t *testing.T, n *testNet) *Delegation {
	t.Helper()
	cert, err := Sign(newKeyOnlyBuilder(t, n), nil, signWith(n.rootSK))
	must(t, err)
	return &Delegation{SubnetID: n.subnetID, Certificate: cert}
}
