package certify

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
)

// testNet is a generated root key, one delegated subnet and the canister
// ranges that subnet serves.
type testNet struct {
	rootSK, subnetSK *bls.SecretKey
	root             *RootKey
	subnetID         []byte
	now              time.Time
}

var (
	rangeA = Range{canister(0x20_0000), canister(0x2f_ffff)}
	rangeB = Range{canister(0x50_0000), canister(0x50_00ff)}
)

// canister returns the canister id with index i (PROTOCOL.md §3.1).
func canister(i uint64) []byte {
	id := make([]byte, 10)
	for k := 7; k >= 0; k-- {
		id[k] = byte(i)
		i >>= 8
	}
	id[8], id[9] = 1, 1
	return id
}

func newTestNet(t testing.TB, seed uint64) *testNet {
	t.Helper()
	rng := rand.NewChaCha8([32]byte{byte(seed)})
	rootSK, err := bls.GenerateKey(rng)
	if err != nil {
		t.Fatal(err)
	}
	subnetSK, err := bls.GenerateKey(rng)
	if err != nil {
		t.Fatal(err)
	}
	root, err := ParseRootKey(rootSK.PublicKey().DER())
	if err != nil {
		t.Fatal(err)
	}
	return &testNet{
		rootSK: rootSK, subnetSK: subnetSK, root: root,
		subnetID: SelfAuthenticatingID(subnetSK.PublicKey().DER()),
		now:      time.Unix(1_700_000_000, 123),
	}
}

func signWith(sk *bls.SecretKey) SignFunc {
	return func(msg []byte) ([]byte, error) { return sk.Sign(msg).Bytes(), nil }
}

func encodeRanges(rs ...Range) []byte {
	b := cbor.AppendSelfDescribe(nil)
	b = cbor.AppendArray(b, len(rs))
	for _, r := range rs {
		b = cbor.AppendBytes(cbor.AppendArray(b, 2), r.Low)
		b = cbor.AppendBytes(b, r.High)
	}
	return b
}

func label(s string) []byte { return []byte(s) }

// delegation returns the root-signed delegation certificate for the
// subnet, with its ranges at the legacy path or in two shards, revealed
// as a witness of the subnet's key and ranges only.
func (n *testNet) delegation(t testing.TB, sharded bool, at time.Time) *Delegation {
	t.Helper()
	var b hashtree.Builder
	must(t, b.Insert([][]byte{label("time")}, leb128.AppendUnsigned(nil, uint64(at.UnixNano()))))
	must(t, b.Insert([][]byte{label("subnet"), n.subnetID, label("public_key")}, n.subnetSK.PublicKey().DER()))
	must(t, b.Insert([][]byte{label("subnet"), n.subnetID, label("type")}, []byte("application")))
	must(t, b.Insert([][]byte{label("subnet"), []byte("other subnet"), label("public_key")}, make([]byte, 133)))
	if sharded {
		must(t, b.Insert([][]byte{label("canister_ranges"), n.subnetID, rangeA.Low}, encodeRanges(rangeA)))
		must(t, b.Insert([][]byte{label("canister_ranges"), n.subnetID, rangeB.Low}, encodeRanges(rangeB)))
	} else {
		must(t, b.Insert([][]byte{label("subnet"), n.subnetID, label("canister_ranges")}, encodeRanges(rangeA, rangeB)))
	}
	w := b.Build().Witness(
		[][]byte{label("subnet"), n.subnetID},
		[][]byte{label("canister_ranges"), n.subnetID},
		[][]byte{label("time")},
	)
	cert, err := Sign(w, nil, signWith(n.rootSK))
	must(t, err)
	return &Delegation{SubnetID: n.subnetID, Certificate: cert}
}

// stateTree is a subnet's certified state with one request status.
func stateTree(t testing.TB, at time.Time) *hashtree.Full {
	var b hashtree.Builder
	must(t, b.Insert([][]byte{label("time")}, leb128.AppendUnsigned(nil, uint64(at.UnixNano()))))
	for i := range 50 {
		rid := []byte{byte(i), 1, 2, 3}
		must(t, b.Insert([][]byte{label("request_status"), rid, label("status")}, []byte("replied")))
		must(t, b.Insert([][]byte{label("request_status"), rid, label("reply")}, []byte("DIDL\x00\x00")))
	}
	return b.Build()
}

// subnetCert returns a certificate of a request status signed by the
// subnet, with a delegation.
func (n *testNet) subnetCert(t testing.TB, d *Delegation, at time.Time) []byte {
	t.Helper()
	w := stateTree(t, at).Witness([][]byte{label("request_status"), {7, 1, 2, 3}}, [][]byte{label("time")})
	cert, err := Sign(w, d, signWith(n.subnetSK))
	must(t, err)
	return cert
}

// rootCert returns a certificate signed by the root subnet itself.
func (n *testNet) rootCert(t testing.TB, at time.Time) []byte {
	t.Helper()
	w := stateTree(t, at).Witness([][]byte{label("time")})
	cert, err := Sign(w, nil, signWith(n.rootSK))
	must(t, err)
	return cert
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// newKeyOnlyBuilder is a delegation tree with the subnet key but no ranges.
func newKeyOnlyBuilder(t testing.TB, n *testNet) hashtree.Tree {
	var b hashtree.Builder
	must(t, b.Insert([][]byte{label("subnet"), n.subnetID, label("public_key")}, n.subnetSK.PublicKey().DER()))
	must(t, b.Insert([][]byte{label("canister_ranges"), []byte("x"), label("y")}, encodeRanges(rangeA)))
	return b.Build().Witness([][]byte{label("subnet"), n.subnetID, label("public_key")}, [][]byte{label("canister_ranges"), n.subnetID})
}
