package httpcert

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
)

// testCanister is a generated IC (root key, optionally a delegated subnet)
// and a canister that certifies its HTTP responses with a Certifier.
type testCanister struct {
	t          testing.TB
	rootSK     *bls.SecretKey
	subnetSK   *bls.SecretKey // nil: the canister runs on the root subnet
	delegation *certify.Delegation
	rootDER    []byte
	id         []byte
	now        time.Time
	cert       *Certifier
}

func canisterID(i uint64) []byte {
	id := make([]byte, 10)
	for k := 7; k >= 0; k-- {
		id[k] = byte(i)
		i >>= 8
	}
	id[8], id[9] = 1, 1
	return id
}

func newTestCanister(t testing.TB, seed uint64, delegated bool) *testCanister {
	t.Helper()
	rng := rand.NewChaCha8([32]byte{byte(seed), 'h', 't', 't', 'p'})
	rootSK, err := bls.GenerateKey(rng)
	if err != nil {
		t.Fatal(err)
	}
	c := &testCanister{t: t, rootSK: rootSK, rootDER: rootSK.PublicKey().DER(), id: canisterID(0x20_0042),
		now: time.Unix(1_700_000_000, 987_654_321), cert: NewCertifier()}
	if delegated {
		if c.subnetSK, err = bls.GenerateKey(rng); err != nil {
			t.Fatal(err)
		}
		c.delegation = c.makeDelegation(canisterID(0x20_0000), canisterID(0x2f_ffff))
	}
	return c
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// makeDelegation returns the root-signed certificate that publishes the
// subnet's key and its (legacy) canister range.
func (c *testCanister) makeDelegation(lo, hi []byte) *certify.Delegation {
	sid := certify.SelfAuthenticatingID(c.subnetSK.PublicKey().DER())
	ranges := cbor.AppendSelfDescribe(nil)
	ranges = cbor.AppendArray(ranges, 1)
	ranges = cbor.AppendBytes(cbor.AppendArray(ranges, 2), lo)
	ranges = cbor.AppendBytes(ranges, hi)
	var b hashtree.Builder
	must(c.t, b.Insert([][]byte{[]byte("time")}, leb128.AppendUnsigned(nil, uint64(c.now.UnixNano()))))
	must(c.t, b.Insert([][]byte{[]byte("subnet"), sid, []byte("public_key")}, c.subnetSK.PublicKey().DER()))
	must(c.t, b.Insert([][]byte{[]byte("subnet"), sid, []byte("canister_ranges")}, ranges))
	cert, err := certify.Sign(b.Build().Tree(), nil, signer(c.rootSK))
	must(c.t, err)
	return &certify.Delegation{SubnetID: sid, Certificate: cert}
}

func signer(sk *bls.SecretKey) certify.SignFunc {
	return func(msg []byte) ([]byte, error) { return sk.Sign(msg).Bytes(), nil }
}

// dataCertificate is what the system API's data_certificate returns: the
// subnet's certificate of /canister/<id>/certified_data and /time.
func (c *testCanister) dataCertificate(certifiedData Hash, at time.Time) []byte {
	var b hashtree.Builder
	must(c.t, b.Insert([][]byte{[]byte("time")}, leb128.AppendUnsigned(nil, uint64(at.UnixNano()))))
	must(c.t, b.Insert([][]byte{[]byte("canister"), c.id, []byte("certified_data")}, certifiedData[:]))
	for i := range 20 { // other canisters of the subnet
		must(c.t, b.Insert([][]byte{[]byte("canister"), canisterID(0x20_0100 + uint64(i)), []byte("certified_data")}, []byte{byte(i)}))
	}
	w := b.Build().Witness([][]byte{[]byte("canister"), c.id, []byte("certified_data")}, [][]byte{[]byte("time")})
	sk, d := c.rootSK, (*certify.Delegation)(nil)
	if c.subnetSK != nil {
		sk, d = c.subnetSK, c.delegation
	}
	cert, err := certify.Sign(w, d, signer(sk))
	must(c.t, err)
	return cert
}

// served is a request, the canister's response to it and the entry it was
// certified with.
type served struct {
	req   Request
	resp  Response
	entry Entry
	expr  Expression
}

// certify adds a response for req under path to the tree. It returns the
// response without its IC-Certificate header (see respond).
func (c *testCanister) certify(path CertificationPath, expr Expression, req Request, status uint16, headers []HeaderField, body string) served {
	c.t.Helper()
	resp := Response{StatusCode: status, Body: []byte(body),
		Headers: append([]HeaderField{{CertificateExpressionHeaderName, expr.String()}}, headers...)}
	e, err := NewEntry(path, expr, req, resp)
	must(c.t, err)
	must(c.t, c.cert.Add(e))
	return served{req: req, resp: resp, entry: e, expr: expr}
}

// respond returns s's response with the IC-Certificate header for the
// certifier's current tree.
func (c *testCanister) respond(s served) Response {
	c.t.Helper()
	h, err := c.cert.CertificateHeader(c.dataCertificate(c.cert.RootHash(), c.now), s.entry, s.req.URL)
	must(c.t, err)
	r := s.resp
	r.Headers = append(append([]HeaderField(nil), r.Headers...), h)
	return r
}

func (c *testCanister) verify(req Request, resp Response, minVersion int) (Result, error) {
	return VerifyRequestResponse(req, resp, c.id, c.now.Add(30*time.Second), 5*time.Minute, c.rootDER, minVersion, Options{})
}
