package gatewaytest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
	"github.com/threshold-ic/threshold/replica/httpapi"
	"github.com/threshold-ic/threshold/replica/node"
)

// replica is one real node of an application subnet, served over HTTP by
// the real API on 127.0.0.1. Its certificates carry a delegation from a
// root key, as on the IC, so the verifiers check the delegation and the
// canister ranges too.
type replica struct {
	url     string
	rootKey []byte // DER
	agent   *agent.Agent
	lowID   principal.Principal // first canister id of the subnet's range
}

// Canister ids of the test subnet (an application subnet's range).
var subnetRange = node.Range{Low: principal.CanisterID(0x10_0000), High: principal.CanisterID(0x1f_ffff)}

func startReplica(t *testing.T) *replica {
	t.Helper()
	ctx := context.Background()
	engine, err := exec.NewEngine(ctx, exec.Config{})
	must(t, err)
	t.Cleanup(func() { engine.Close(context.Background()) })

	root, err := bls.GenerateKey(rand.Reader)
	must(t, err)
	rootDER := root.PublicKey().DER()
	dealing, shares, err := threshold.Deal(rand.Reader, 1, 1)
	must(t, err)
	beacon, beaconShares, err := threshold.Deal(rand.Reader, 1, 1)
	must(t, err)
	consensus, err := bls.GenerateKey(rand.Reader)
	must(t, err)
	nodePub, nodeKey, err := ed25519.GenerateKey(rand.Reader)
	must(t, err)
	nodeDER := append([]byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}, nodePub...)

	subnetDER := dealing.PublicKey().DER()
	app := node.Subnet{
		ID: principal.SelfAuthenticating(subnetDER), Kind: node.Application, PublicKey: subnetDER,
		Ranges: []node.Range{subnetRange},
		Nodes:  []node.NodeInfo{{ID: principal.SelfAuthenticating(nodeDER), PublicKey: nodeDER}},
	}
	ranges := certify.Ranges{{Low: subnetRange.Low.Bytes(), High: subnetRange.High.Bytes()}}
	delegation := func(context.Context) (*certify.Delegation, error) {
		return certify.NewDelegation(app.ID.Bytes(), subnetDER, ranges, uint64(time.Now().UnixNano()),
			func(m []byte) ([]byte, error) { return root.Sign(m).Bytes(), nil })
	}
	cfg := node.Config{
		Dir:     t.TempDir(),
		NodeKey: nodeKey, Dealing: dealing, Share: shares[0],
		Topology:     node.Topology{RootKey: rootDER, Self: app.ID, Subnets: []node.Subnet{app}},
		ConsensusKey: consensus, ConsensusKeys: []*bls.PublicKey{consensus.PublicKey()},
		BeaconDealing: beacon, BeaconShare: beaconShares[0],
		Engine: engine, Delegation: delegation,
		BlockInterval: 20 * time.Millisecond,
	}
	n, err := node.New(ctx, cfg)
	must(t, err)
	n.Start(ctx)
	srv := httptest.NewServer(httpapi.New(n, httpapi.Options{}))
	t.Cleanup(func() {
		srv.Close()
		if err := n.Close(); err != nil {
			t.Error(err)
		}
	})
	waitHealthy(t, n)

	user, err := identity.Generate(identity.Ed25519, rand.Reader)
	must(t, err)
	a, err := agent.New(agent.Config{URL: srv.URL, Identity: user, RootKey: rootDER})
	must(t, err)
	return &replica{url: srv.URL, rootKey: rootDER, agent: a, lowID: subnetRange.Low}
}

// waitHealthy waits for the node's first certified state, polling its own
// health signal on a short ticker, bounded.
func waitHealthy(t *testing.T, n *node.Node) {
	t.Helper()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(30 * time.Second)
	for {
		if st, _ := n.Health(); st == "healthy" {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatal("replica never became healthy")
		}
	}
}

// install creates a canister on the subnet and installs a test canister
// from replica/testdata/canisters.
func (r *replica) install(t *testing.T, name string) principal.Principal {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	id, err := r.agent.CreateCanister(ctx, agent.CreateOptions{EffectiveCanisterID: r.lowID})
	must(t, err)
	must(t, r.agent.InstallCode(ctx, id, agent.ModeInstall, testCanister(t, name), []byte("DIDL\x00\x00")))
	return id
}

// upgrade reinstalls the same module in upgrade mode.
func (r *replica) upgrade(t *testing.T, id principal.Principal, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	must(t, r.agent.InstallCode(ctx, id, agent.ModeUpgrade, testCanister(t, name), []byte("DIDL\x00\x00")))
}

func testCanister(t *testing.T, name string) []byte {
	t.Helper()
	wasm, err := os.ReadFile(filepath.Join("..", "..", "replica", "testdata", "canisters", name+".wasm"))
	must(t, err)
	return wasm
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
