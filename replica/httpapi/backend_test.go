package httpapi

// The tests of this package run the handler against fakeBackend, a small
// in-memory Backend. The node's real Backend (ingress pool, consensus,
// execution, certification) is tested end to end with real agents in the
// node's own tests and in deploy/interop.

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

var (
	testNow      = time.Unix(1_700_000_000, 0)
	testRootKey  = append([]byte{0x30, 0x81, 0x82}, bytes.Repeat([]byte{7}, 130)...)
	testSubnet   = principal.SelfAuthenticating(testRootKey) // the root subnet
	testCanister = principal.CanisterID(5)
	otherHosted  = principal.CanisterID(6)
	notHosted    = principal.CanisterID(1 << 30)
	ed25519DER   = []byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}
)

// fakeBackend is an in-memory Backend: canisters 0…0xFFFFF are hosted,
// submitted calls are remembered, and every behaviour a test needs to vary
// is a field.
type fakeBackend struct {
	nodeKey ed25519.PrivateKey
	nodeDER []byte

	mu           sync.Mutex
	health       string
	poolFull     bool
	submitReject *Reject
	complete     bool // Await reports a terminal status at once
	submitted    map[envelope.RequestID]Ingress
	queryResult  QueryResult
	queryErr     error
	lastQuery    QueryCall
	readStateErr error
	lastPaths    [][][]byte
	controllers  map[principal.Principal][]principal.Principal
	metadata     map[string]bool // section name -> public
}

func newFakeBackend() *fakeBackend {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{42}, 32))
	return &fakeBackend{
		nodeKey:     key,
		nodeDER:     append(slices.Clone(ed25519DER), key.Public().(ed25519.PublicKey)...),
		health:      "healthy",
		complete:    true,
		submitted:   map[envelope.RequestID]Ingress{},
		queryResult: QueryResult{Reply: []byte("DIDL\x00\x00")},
		controllers: map[principal.Principal][]principal.Principal{},
		metadata:    map[string]bool{},
	}
}

func (f *fakeBackend) Now() time.Time                { return testNow }
func (f *fakeBackend) RootKey() []byte               { return testRootKey }
func (f *fakeBackend) SubnetID() principal.Principal { return testSubnet }
func (f *fakeBackend) NodeID() principal.Principal {
	return principal.SelfAuthenticating(f.nodeDER)
}
func (f *fakeBackend) SignResponse(msg []byte) []byte { return ed25519.Sign(f.nodeKey, msg) }

func (f *fakeBackend) Health() (string, uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.health, 77
}

func (f *fakeBackend) HostsCanister(id principal.Principal) bool {
	i, ok := id.CanisterIndex()
	return ok && i <= 0xFFFFF
}

func (f *fakeBackend) Submit(ctx context.Context, in Ingress) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.poolFull:
		return ErrPoolFull
	case f.submitReject != nil:
		return f.submitReject
	}
	f.submitted[in.ID] = in
	return nil
}

func (f *fakeBackend) Await(ctx context.Context, id envelope.RequestID) bool {
	f.mu.Lock()
	complete := f.complete
	f.mu.Unlock()
	if complete {
		return true
	}
	<-ctx.Done()
	return false
}

func (f *fakeBackend) Query(ctx context.Context, q QueryCall) (QueryResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastQuery = q
	return f.queryResult, f.queryErr
}

func (f *fakeBackend) ReadState(ctx context.Context, paths [][][]byte) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastPaths = paths
	if f.readStateErr != nil {
		return nil, f.readStateErr
	}
	return fmt.Appendf(nil, "certificate revealing %d paths", len(paths)), nil
}

func (f *fakeBackend) RequestOwner(id envelope.RequestID) (principal.Principal, principal.Principal, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	in, ok := f.submitted[id]
	return in.Sender, in.Effective, ok
}

func (f *fakeBackend) Controllers(id principal.Principal) ([]principal.Principal, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.controllers[id]
	return c, ok
}

func (f *fakeBackend) MetadataVisibility(id principal.Principal, name string) (bool, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	public, ok := f.metadata[name]
	return public, ok
}

var _ Backend = (*fakeBackend)(nil)

// testEnv is a server over a fake backend.
type testEnv struct {
	t   testing.TB
	b   *fakeBackend
	srv *httptest.Server
}

func newTestEnv(t testing.TB, opts Options) *testEnv {
	b := newFakeBackend()
	srv := httptest.NewServer(New(b, opts))
	t.Cleanup(srv.Close)
	return &testEnv{t: t, b: b, srv: srv}
}

// user returns a deterministic Ed25519 identity.
func user(t testing.TB, seed byte) identity.Identity {
	id, err := identity.NewEd25519(bytes.Repeat([]byte{seed}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// callContent is a request content of the given type to canister.method.
func callContent(typ envelope.RequestType, canister principal.Principal, method string, arg []byte) envelope.Content {
	return envelope.Content{
		Type:          typ,
		IngressExpiry: uint64(testNow.Add(4 * time.Minute).UnixNano()),
		CanisterID:    canister,
		MethodName:    method,
		Arg:           arg,
	}
}

func readStateContent(paths ...[][]byte) envelope.Content {
	return envelope.Content{
		Type:          envelope.ReadState,
		IngressExpiry: uint64(testNow.Add(4 * time.Minute).UnixNano()),
		Paths:         paths,
	}
}

// signed returns the envelope of c signed by id, and its request id.
func signed(t testing.TB, id identity.Identity, c envelope.Content) ([]byte, envelope.RequestID) {
	env, err := identity.SignEnvelope(id, c)
	if err != nil {
		t.Fatal(err)
	}
	return env.Marshal(), env.Content.RequestID()
}

// post sends body as CBOR and returns the response and its body.
func (e *testEnv) post(path string, body []byte) (*http.Response, []byte) {
	e.t.Helper()
	return e.do(http.MethodPost, path, "application/cbor", body)
}

func (e *testEnv) do(method, path, contentType string, body []byte) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, out
}
