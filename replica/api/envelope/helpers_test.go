package envelope

import (
	"crypto/ed25519"
	"crypto/sha256"
	"time"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/rih"
	"github.com/threshold-ic/threshold/replica/api/keys"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Small CBOR builders for hand-made bodies: each returns one encoded item.
func text(s string) []byte { return cbor.AppendText(nil, s) }
func blob(b []byte) []byte { return cbor.AppendBytes(nil, b) }
func nat(v uint64) []byte  { return cbor.AppendUint(nil, v) }
func arr(items ...[]byte) []byte {
	b := cbor.AppendArray(nil, len(items))
	for _, it := range items {
		b = append(b, it...)
	}
	return b
}

// kv is one map entry; mp keeps the given order and allows duplicates.
type kv struct {
	k string
	v []byte
}

func mp(entries ...kv) []byte {
	b := cbor.AppendMap(nil, len(entries))
	for _, e := range entries {
		b = append(cbor.AppendText(b, e.k), e.v...)
	}
	return b
}

// testKey is an Ed25519 key made from a fixed seed, so tests are
// deterministic.
type testKey struct {
	priv ed25519.PrivateKey
	der  []byte
}

func newTestKey(seed string) testKey {
	s := sha256.Sum256([]byte(seed))
	priv := ed25519.NewKeyFromSeed(s[:])
	k, err := keys.NewEd25519(priv.Public().(ed25519.PublicKey))
	if err != nil {
		panic(err)
	}
	return testKey{priv: priv, der: k.DER()}
}

func (k testKey) principal() principal.Principal { return principal.SelfAuthenticating(k.der) }
func (k testKey) sign(msg []byte) []byte         { return ed25519.Sign(k.priv, msg) }

var (
	testNow    = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	testExpiry = uint64(testNow.Add(4 * time.Minute).UnixNano())
	testCanID  = principal.CanisterID(7)
)

// delegate returns from's signed delegation of to.
func delegate(from, to testKey, exp time.Time, targets []principal.Principal, perms string) SignedDelegation {
	d := Delegation{PubKey: to.der, Expiration: uint64(exp.UnixNano()), Targets: targets, Permissions: perms}
	return SignedDelegation{Delegation: d, Signature: from.sign(d.SignedBytes())}
}

// signed builds an envelope for content signed by sender through the
// chain of delegations ending at signer.
func signed(c Content, sender, signer testKey, ds ...SignedDelegation) *Envelope {
	c.Sender = sender.principal()
	id := c.RequestID()
	env := &Envelope{Content: c, SenderPubKey: sender.der, SenderSig: signer.sign(append([]byte(rih.SepRequest), id[:]...))}
	if len(ds) > 0 {
		env.SenderDelegation = ds
	}
	return env
}

func callContent() Content {
	return Content{Type: Call, IngressExpiry: testExpiry, CanisterID: testCanID, MethodName: "greet", Arg: []byte("DIDL\x00\x00")}
}
