// Package agenttest is a fake replica for tests of Internet Computer
// clients: an httptest server that speaks the HTTP interface with real
// cryptography (a BLS root key, optionally a delegated subnet key, an
// Ed25519 node key) over a tiny in-memory state, so that a client's
// verification is tested against genuine signatures. Knobs make it
// misbehave in the ways a client must refuse.
//
// Canisters of the fake answer every method by echoing the argument,
// except a method called "reject", which rejects with code 4. The
// management canister knows enough of ic.did for the lifecycle:
// provisional_create_canister_with_cycles, install_code, upload_chunk,
// install_chunked_code, clear_chunk_store, canister_status,
// update_settings, start_canister, stop_canister, delete_canister.
package agenttest

import (
	"crypto/ed25519"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/keys"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Replica is a running fake replica. Set the knobs before sending
// requests, or under Lock.
type Replica struct {
	URL     string // the server's base URL
	RootKey []byte // DER BLS root key
	Subnet  principal.Principal
	Node    principal.Principal
	Ranges  certify.Ranges

	// Knobs.
	NoV4          bool          // 404 on /api/v4 (an older replica)
	Async         bool          // answer v4 calls with 202 and poll
	PendingPolls  int           // read_state polls that see "processing" first
	TamperCert    bool          // flip a bit of every certificate's signature
	CertSkew      time.Duration // added to /time of certificates
	BadQuerySig   bool          // sign queries with another key
	QuerySigSkew  time.Duration // added to query signature timestamps
	HideRanges    bool          // omit this canister's subnet ranges from /subnet
	CandidService string        // candid:service metadata of every canister

	mu        sync.Mutex
	srv       *httptest.Server
	rootSK    *bls.SecretKey
	subnetSK  *bls.SecretKey
	deleg     *certify.Delegation
	nodeSK    ed25519.PrivateKey
	now       func() time.Time
	statuses  map[envelope.RequestID]*status
	canisters map[principal.Principal]*canister
	next      uint64
	paths     []string
}

// status is a request's entry in /request_status.
type status struct {
	sender principal.Principal
	reply  []byte
	reject *reject
	polls  int
}

type reject struct {
	code      uint64
	message   string
	errorCode string
}

// canister is the state of one fake canister.
type canister struct {
	controllers []principal.Principal
	module      []byte
	status      string
	chunks      map[[32]byte][]byte
}

// Options choose how the fake is set up.
type Options struct {
	// Delegated makes the replica an application subnet whose key the
	// root subnet delegates to, instead of the root subnet itself.
	Delegated bool
	// Seed makes keys reproducible; zero is fine.
	Seed uint64
	// Now is the replica's clock; nil means time.Now.
	Now func() time.Time
}

// New starts a fake replica; it stops when the test ends.
func New(t testing.TB, opts Options) *Replica {
	t.Helper()
	rng := rand.NewChaCha8([32]byte{byte(opts.Seed), byte(opts.Seed >> 8), 1})
	rootSK, err := bls.GenerateKey(rng)
	if err != nil {
		t.Fatal(err)
	}
	_, nodeSK, err := ed25519.GenerateKey(rng)
	if err != nil {
		t.Fatal(err)
	}
	r := &Replica{
		RootKey:   rootSK.PublicKey().DER(),
		rootSK:    rootSK,
		subnetSK:  rootSK,
		nodeSK:    nodeSK,
		now:       opts.Now,
		statuses:  make(map[envelope.RequestID]*status),
		canisters: make(map[principal.Principal]*canister),
		Ranges:    certify.Ranges{{Low: principal.CanisterID(0).Bytes(), High: principal.CanisterID(0xffff).Bytes()}},
	}
	if r.now == nil {
		r.now = time.Now
	}
	nodeDER := mustEd25519DER(t, nodeSK.Public().(ed25519.PublicKey))
	r.Node = principal.SelfAuthenticating(nodeDER)
	r.Subnet = principal.SelfAuthenticating(r.RootKey)
	if opts.Delegated {
		if r.subnetSK, err = bls.GenerateKey(rng); err != nil {
			t.Fatal(err)
		}
		subnetDER := r.subnetSK.PublicKey().DER()
		r.Subnet = principal.SelfAuthenticating(subnetDER)
		r.deleg, err = certify.NewDelegation(r.Subnet.Bytes(), subnetDER, r.Ranges,
			uint64(r.now().UnixNano()), signWith(rootSK))
		if err != nil {
			t.Fatal(err)
		}
	}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	r.URL = r.srv.URL
	t.Cleanup(r.srv.Close)
	return r
}

// Lock and Unlock guard the knobs while requests are in flight.
func (r *Replica) Lock()   { r.mu.Lock() }
func (r *Replica) Unlock() { r.mu.Unlock() }

// Paths returns the URL paths requested so far.
func (r *Replica) Paths() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.paths...)
}

// AddCanister creates a canister with the given controllers and module.
func (r *Replica) AddCanister(controllers []principal.Principal, module []byte) principal.Principal {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.addCanister(controllers, module)
}

func (r *Replica) addCanister(controllers []principal.Principal, module []byte) principal.Principal {
	id := principal.CanisterID(r.next)
	r.next++
	r.canisters[id] = &canister{controllers: controllers, module: module, status: "running", chunks: map[[32]byte][]byte{}}
	return id
}

func signWith(sk *bls.SecretKey) certify.SignFunc {
	return func(msg []byte) ([]byte, error) { return sk.Sign(msg).Bytes(), nil }
}

func mustEd25519DER(t testing.TB, pub ed25519.PublicKey) []byte {
	pk, err := keys.NewEd25519(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pk.DER()
}
