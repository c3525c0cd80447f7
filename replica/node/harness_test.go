package node

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/keys"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/threshold"
	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
	"github.com/threshold-ic/threshold/replica/httpapi"
	"github.com/threshold-ic/threshold/replica/mgmt"
)

// testNode is a one-node root subnet served over HTTP by the real API.
type testNode struct {
	*Node
	srv  *httptest.Server
	root *certify.RootKey
	user identity.Identity
	dir  string
	cfg  Config
}

// secrets of a test subnet, kept so that a node can restart on them.
type secrets struct {
	dealing, beacon *threshold.Dealing
	share, bshare   threshold.SecretShare
	consensus       *bls.SecretKey
	nodeKey         ed25519.PrivateKey
}

func newSecrets(t testing.TB) secrets {
	t.Helper()
	d, sh, err := threshold.Deal(rand.Reader, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	bd, bsh, err := threshold.Deal(rand.Reader, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	ck, err := bls.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, nk, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return secrets{d, bd, sh[0], bsh[0], ck, nk}
}

func (s secrets) config(dir string, engine *exec.Engine) Config {
	key := s.dealing.PublicKey().DER()
	nodeDER := keys.EncodeEd25519DER(s.nodeKey.Public().(ed25519.PublicKey))
	sub := Subnet{
		ID: principal.SelfAuthenticating(key), Kind: System, PublicKey: key,
		Ranges: []Range{{principal.CanisterID(0), principal.CanisterID(0xffff)}},
		Nodes:  []NodeInfo{{ID: principal.SelfAuthenticating(nodeDER), PublicKey: nodeDER}},
	}
	return Config{
		Dir: dir, Topology: Topology{RootKey: key, Self: sub.ID, Subnets: []Subnet{sub}},
		NodeKey: s.nodeKey, Dealing: s.dealing, Share: s.share,
		ConsensusKey: s.consensus, ConsensusKeys: []*bls.PublicKey{s.consensus.PublicKey()},
		BeaconDealing: s.beacon, BeaconShare: s.bshare, Engine: engine,
		BlockInterval: 20 * time.Millisecond,
	}
}

func startTestNode(t testing.TB, s secrets, dir string, engine *exec.Engine, opts ...func(*Config)) *testNode {
	t.Helper()
	cfg := s.config(dir, engine)
	for _, o := range opts {
		o(&cfg)
	}
	n, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	n.Start(context.Background())
	root, err := certify.ParseRootKey(cfg.Topology.RootKey)
	if err != nil {
		t.Fatal(err)
	}
	user, err := identity.Generate(identity.Ed25519, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tn := &testNode{Node: n, srv: httptest.NewServer(httpapi.New(n, httpapi.Options{})), root: root, user: user, dir: dir, cfg: cfg}
	tn.waitHealthy(t)
	return tn
}

func newEngine(t testing.TB) *exec.Engine {
	t.Helper()
	e, err := exec.NewEngine(context.Background(), exec.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close(context.Background()) })
	return e
}

func (tn *testNode) close(t testing.TB) {
	tn.srv.Close()
	if err := tn.Close(); err != nil {
		t.Error(err)
	}
}

// waitHealthy waits for the first certified state, on the node's own
// signal: the certified pointer (polled on a short ticker, bounded).
func (tn *testNode) waitHealthy(t testing.TB) {
	t.Helper()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(30 * time.Second)
	for {
		if st, _ := tn.Health(); st == "healthy" {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatal("node never became healthy")
		}
	}
}

// post sends body to path and returns the status and body.
func (tn *testNode) post(t testing.TB, path string, body []byte) (int, []byte) {
	t.Helper()
	resp, err := http.Post(tn.srv.URL+path, "application/cbor", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (tn *testNode) content(typ envelope.RequestType, canister principal.Principal, method string, arg []byte) envelope.Content {
	return envelope.Content{Type: typ, CanisterID: canister, MethodName: method, Arg: arg,
		IngressExpiry: uint64(time.Now().Add(3 * time.Minute).UnixNano())}
}

func (tn *testNode) sign(t testing.TB, c envelope.Content) []byte {
	t.Helper()
	env, err := identity.SignEnvelope(tn.user, c)
	if err != nil {
		t.Fatal(err)
	}
	return env.Marshal()
}

// call makes a sync call (v3) and returns the request's certified outcome.
func (tn *testNode) call(t testing.TB, ecid, canister principal.Principal, method string, arg []byte) ([]byte, *rejection) {
	t.Helper()
	c := tn.content(envelope.Call, canister, method, arg)
	rid := c
	rid.Sender = tn.user.Sender()
	id := rid.RequestID()
	code, body := tn.post(t, "/api/v3/canister/"+ecid.String()+"/call", tn.sign(t, c))
	if code != http.StatusOK {
		t.Fatalf("call %s: %d %s", method, code, body)
	}
	cert := tn.certificateField(t, body, "certificate")
	status, _ := cert.Tree.Lookup([]byte("request_status"), id[:], []byte("status"))
	switch string(status) {
	case "replied":
		reply, _ := cert.Tree.Lookup([]byte("request_status"), id[:], []byte("reply"))
		return reply, nil
	case "rejected":
		code, _ := cert.Tree.Lookup([]byte("request_status"), id[:], []byte("reject_code"))
		msg, _ := cert.Tree.Lookup([]byte("request_status"), id[:], []byte("reject_message"))
		ec, _ := cert.Tree.Lookup([]byte("request_status"), id[:], []byte("error_code"))
		return nil, &rejection{int(code[0]), string(msg), string(ec)}
	}
	t.Fatalf("call %s: status %q", method, status)
	return nil, nil
}

// certificateField reads a CBOR map's certificate field and verifies it.
func (tn *testNode) certificateField(t testing.TB, body []byte, key string) *certify.Certificate {
	t.Helper()
	r := cbor.NewReader(body)
	r.SkipSelfDescribe()
	var raw []byte
	err := r.Fields(func(k string) error {
		if k == key {
			var err error
			raw, err = r.Bytes()
			return err
		}
		return r.Skip()
	})
	if err != nil || raw == nil {
		t.Fatalf("no %s in %x: %v", key, body, err)
	}
	c, err := certify.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := certify.Verify(c, tn.root, certify.Options{Now: time.Now()}); err != nil {
		t.Fatalf("certificate: %v", err)
	}
	return c
}

// query runs a query (v3) and returns the reply or the reject.
func (tn *testNode) query(t testing.TB, canister principal.Principal, method string, arg []byte) ([]byte, string) {
	t.Helper()
	code, body := tn.post(t, "/api/v3/canister/"+canister.String()+"/query", tn.sign(t, tn.content(envelope.Query, canister, method, arg)))
	if code != http.StatusOK {
		t.Fatalf("query %s: %d %s", method, code, body)
	}
	r := cbor.NewReader(body)
	r.SkipSelfDescribe()
	var reply []byte
	var errCode string
	err := r.Fields(func(k string) error {
		switch k {
		case "reply":
			return r.Fields(func(string) error { var err error; reply, err = r.Bytes(); return err })
		case "error_code":
			var err error
			errCode, err = r.Text()
			return err
		}
		return r.Skip()
	})
	if err != nil {
		t.Fatal(err)
	}
	return reply, errCode
}

// mgmtArg encodes a management-canister argument given in Candid text.
func mgmtArg(t testing.TB, method, text string, extra ...candid.Value) []byte {
	t.Helper()
	did, err := mgmt.Interface()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := did.Method(method)
	if !ok {
		t.Fatalf("no method %s", method)
	}
	vs, err := candid.ParseArgs(text)
	if err != nil {
		t.Fatal(err)
	}
	for i := range vs {
		if vs[i], err = candid.Coerce(vs[i], m.Args()[i]); err != nil {
			t.Fatal(err)
		}
	}
	b, err := candid.Encode(m.Args(), vs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// install creates a canister and installs a test wasm in it.
func (tn *testNode) install(t testing.TB, name string) principal.Principal {
	t.Helper()
	reply, rej := tn.call(t, principal.CanisterID(0), principal.Management, "provisional_create_canister_with_cycles",
		mgmtArg(t, "provisional_create_canister_with_cycles", "(record {})"))
	if rej != nil {
		t.Fatalf("create: %+v", rej)
	}
	id, ok := createdCanister(reply)
	if !ok {
		t.Fatalf("create reply %x", reply)
	}
	wasm, err := os.ReadFile(filepath.Join("..", "testdata", "canisters", name+".wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if _, rej := tn.call(t, id, principal.Management, "install_code", installArg(t, id, wasm)); rej != nil {
		t.Fatalf("install %s: %+v", name, rej)
	}
	return id
}

// installArg encodes install_code's argument with the module bytes.
func installArg(t testing.TB, id principal.Principal, wasm []byte) []byte {
	t.Helper()
	did, _ := mgmt.Interface()
	m, _ := did.Method("install_code")
	v := candid.RecordValue(
		candid.NamedValue("mode", candid.VariantValue(candid.NamedValue("install", candid.NullValue()))),
		candid.NamedValue("canister_id", candid.PrincipalValue(id.Bytes())),
		candid.NamedValue("wasm_module", candid.BlobValue(wasm)),
		candid.NamedValue("arg", candid.BlobValue([]byte("DIDL\x00\x00"))),
	)
	v, err := candid.Coerce(v, m.Args()[0])
	if err != nil {
		t.Fatal(err)
	}
	b, err := candid.Encode(m.Args(), []candid.Value{v})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
