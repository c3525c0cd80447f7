package interop

import (
	"crypto/rand"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// testNet is a root key and one application subnet whose key the root
// delegates to, as on the real IC (certification.md § Delegation).
type testNet struct {
	rootSK, subnetSK *bls.SecretKey
	subnetID         []byte
	ranges           certify.Ranges
	delegation       *certify.Delegation
}

func newTestNet(t *testing.T, now time.Time) *testNet {
	t.Helper()
	n := &testNet{}
	var err error
	if n.rootSK, err = bls.GenerateKey(rand.Reader); err != nil {
		t.Fatal(err)
	}
	if n.subnetSK, err = bls.GenerateKey(rand.Reader); err != nil {
		t.Fatal(err)
	}
	lo, hi := principal.CanisterID(0x20_0000), principal.CanisterID(0x2f_ffff)
	n.ranges = certify.Ranges{{Low: lo.Bytes(), High: hi.Bytes()}}
	n.subnetID = certify.SelfAuthenticatingID(n.subnetSK.PublicKey().DER())
	n.delegation, err = certify.NewDelegation(n.subnetID, n.subnetSK.PublicKey().DER(), n.ranges,
		uint64(now.UnixNano()), signer(n.rootSK))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func signer(sk *bls.SecretKey) certify.SignFunc {
	return func(m []byte) ([]byte, error) { s := sk.Sign(m); return s.Bytes(), nil }
}

// dataCertificate certifies certifiedData for canister at time now, signed
// by the subnet with the root's delegation (or by the root itself when
// delegated is false).
func (n *testNet) dataCertificate(t *testing.T, canister principal.Principal, certifiedData []byte, now time.Time, delegated bool) []byte {
	t.Helper()
	var b hashtree.Builder
	must(t, b.Insert([][]byte{[]byte("canister"), canister.Bytes(), []byte("certified_data")}, certifiedData))
	must(t, b.Insert([][]byte{[]byte("time")}, leb128.AppendUnsigned(nil, uint64(now.UnixNano()))))
	d, sk := n.delegation, n.subnetSK
	if !delegated {
		d, sk = nil, n.rootSK
	}
	cert, err := certify.Sign(b.Build().Tree(), d, signer(sk))
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
