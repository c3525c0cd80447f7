package gateway

import (
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// fakeNetwork plays the replica in front of the agent for the hostile
// corpus: an HTTP server that answers queries with what a test canister
// function returns and read_state with certificates signed by real BLS
// keys (a root key delegating to a subnet key for a canister range).
type fakeNetwork struct {
	rootSK, subnetSK *bls.SecretKey
	subnetID         []byte
	ranges           certify.Ranges
	delegation       *certify.Delegation
	url              string

	mu sync.Mutex
	// canister answers queries: the method and the Candid argument.
	canister func(method string, arg []byte) []byte
	// metadata is the canister's supported_certificate_versions, nil
	// when absent.
	metadata []byte
	// failReadState makes read_state answer 500.
	failReadState bool
}

var fakeCanister = principal.CanisterID(0x20_0007)

func fakeNet(t testing.TB) *fakeNetwork {
	t.Helper()
	n := &fakeNetwork{}
	var err error
	n.rootSK, err = bls.GenerateKey(rand.Reader)
	must(t, err)
	n.subnetSK, err = bls.GenerateKey(rand.Reader)
	must(t, err)
	n.ranges = certify.Ranges{{Low: principal.CanisterID(0x20_0000).Bytes(), High: principal.CanisterID(0x2f_ffff).Bytes()}}
	n.subnetID = certify.SelfAuthenticatingID(n.subnetSK.PublicKey().DER())
	n.delegation, err = certify.NewDelegation(n.subnetID, n.subnetSK.PublicKey().DER(), n.ranges,
		uint64(time.Now().Add(-time.Hour).UnixNano()), signer(n.rootSK))
	must(t, err)
	srv := httptest.NewServer(http.HandlerFunc(n.serve))
	t.Cleanup(srv.Close)
	n.url = srv.URL
	return n
}

func (n *fakeNetwork) rootKey() []byte { return n.rootSK.PublicKey().DER() }

func signer(sk *bls.SecretKey) certify.SignFunc {
	return func(m []byte) ([]byte, error) { return sk.Sign(m).Bytes(), nil }
}

// agent returns an anonymous agent for the fake; the fake does not sign
// query answers, the certificates in the HTTP headers are what is tested.
func (n *fakeNetwork) agent(t testing.TB) *agent.Agent {
	t.Helper()
	a, err := agent.New(agent.Config{URL: n.url, RootKey: n.rootKey(), SkipQuerySignatures: true})
	must(t, err)
	return a
}

// certOptions vary how a data certificate is made, for the corpus.
type certOptions struct {
	canister   principal.Principal // default fakeCanister
	time       time.Time           // default now
	delegation *certify.Delegation // default the network's
	noDeleg    bool                // sign with sk and no delegation
	sk         *bls.SecretKey      // default the subnet key
}

// dataCertificate certifies certifiedData for a canister, as a replica
// does for a query that calls ic0.data_certificate_copy.
func (n *fakeNetwork) dataCertificate(t testing.TB, certifiedData []byte, o certOptions) []byte {
	t.Helper()
	if o.canister == (principal.Principal{}) {
		o.canister = fakeCanister
	}
	if o.time.IsZero() {
		o.time = time.Now()
	}
	if o.delegation == nil && !o.noDeleg {
		o.delegation = n.delegation
	}
	if o.sk == nil {
		o.sk = n.subnetSK
	}
	var b hashtree.Builder
	must(t, b.Insert([][]byte{[]byte("canister"), o.canister.Bytes(), []byte("certified_data")}, certifiedData))
	must(t, b.Insert([][]byte{[]byte("time")}, leb128.AppendUnsigned(nil, uint64(o.time.UnixNano()))))
	cert, err := certify.Sign(b.Build().Tree(), o.delegation, signer(o.sk))
	must(t, err)
	return cert
}

func (n *fakeNetwork) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	env, err := envelope.Decode(body)
	if err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	n.mu.Lock()
	canister, metadata, failRS := n.canister, n.metadata, n.failReadState
	n.mu.Unlock()
	switch {
	case strings.HasSuffix(r.URL.Path, "/query"):
		reply := canister(env.Content.MethodName, env.Content.Arg)
		b := cbor.AppendMap(nil, 2)
		b = cbor.AppendText(b, "status")
		b = cbor.AppendText(b, "replied")
		b = cbor.AppendText(b, "reply")
		b = cbor.AppendMap(b, 1)
		b = cbor.AppendText(b, "arg")
		b = cbor.AppendBytes(b, reply)
		w.Header().Set("Content-Type", "application/cbor")
		w.Write(b)
	case strings.HasSuffix(r.URL.Path, "/read_state"):
		if failRS {
			http.Error(w, "read_state is down", 500)
			return
		}
		var tb hashtree.Builder
		tb.Insert([][]byte{[]byte("time")}, leb128.AppendUnsigned(nil, uint64(time.Now().UnixNano())))
		if metadata != nil {
			tb.Insert([][]byte{[]byte("canister"), fakeCanister.Bytes(), []byte("metadata"), []byte("supported_certificate_versions")}, metadata)
		} else {
			tb.Insert([][]byte{[]byte("canister"), fakeCanister.Bytes(), []byte("module_hash")}, make([]byte, 32))
		}
		cert, err := certify.Sign(tb.Build().Tree(), n.delegation, signer(n.subnetSK))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		b := cbor.AppendMap(nil, 1)
		b = cbor.AppendText(b, "certificate")
		b = cbor.AppendBytes(b, cert)
		w.Header().Set("Content-Type", "application/cbor")
		w.Write(b)
	default:
		http.Error(w, "Endpoint not found.", 404)
	}
}
