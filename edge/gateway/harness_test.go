package gateway

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
	"github.com/threshold-ic/threshold/replica/httpapi"
	"github.com/threshold-ic/threshold/replica/node"
)

// replica is a real one-node root subnet (replica/node + replica/httpapi)
// served on 127.0.0.1, the approach of replica/node/harness_test.go.
type replica struct {
	url     string
	rootKey []byte
	admin   *agent.Agent // signs as the canisters' controller
}

func startReplica(t testing.TB) *replica {
	t.Helper()
	d, sh, err := threshold.Deal(rand.Reader, 1, 1)
	must(t, err)
	bd, bsh, err := threshold.Deal(rand.Reader, 1, 1)
	must(t, err)
	ck, err := bls.GenerateKey(rand.Reader)
	must(t, err)
	_, nk, err := ed25519.GenerateKey(rand.Reader)
	must(t, err)
	engine, err := exec.NewEngine(context.Background(), exec.Config{})
	must(t, err)
	t.Cleanup(func() { engine.Close(context.Background()) })

	key := d.PublicKey().DER()
	nodeDER := append([]byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}, nk.Public().(ed25519.PublicKey)...)
	sub := node.Subnet{
		ID: principal.SelfAuthenticating(key), Kind: node.System, PublicKey: key,
		Ranges: []node.Range{{Low: principal.CanisterID(0), High: principal.CanisterID(0xffff)}},
		Nodes:  []node.NodeInfo{{ID: principal.SelfAuthenticating(nodeDER), PublicKey: nodeDER}},
	}
	n, err := node.New(context.Background(), node.Config{
		Dir: t.TempDir(), Topology: node.Topology{RootKey: key, Self: sub.ID, Subnets: []node.Subnet{sub}},
		NodeKey: nk, Dealing: d, Share: sh[0], ConsensusKey: ck, ConsensusKeys: []*bls.PublicKey{ck.PublicKey()},
		BeaconDealing: bd, BeaconShare: bsh[0], Engine: engine, BlockInterval: 20 * time.Millisecond,
	})
	must(t, err)
	n.Start(context.Background())
	srv := httptest.NewServer(httpapi.New(n, httpapi.Options{}))
	t.Cleanup(func() {
		srv.Close()
		n.Close()
	})
	waitHealthy(t, n)
	id, err := identity.Generate(identity.Ed25519, rand.Reader)
	must(t, err)
	admin, err := agent.New(agent.Config{URL: srv.URL, Identity: id, RootKey: key})
	must(t, err)
	return &replica{url: srv.URL, rootKey: key, admin: admin}
}

// waitHealthy waits for the node's first certified state, on the node's
// own status (polled on a short ticker, bounded).
func waitHealthy(t testing.TB, n *node.Node) {
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

// install creates a canister and installs the named test wasm, or skips
// the test when the wasm has not been built yet.
func (r *replica) install(t testing.TB, name string) principal.Principal {
	t.Helper()
	wasm, err := os.ReadFile(filepath.Join("..", "..", "replica", "testdata", "canisters", name+".wasm"))
	if os.IsNotExist(err) {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s.wasm is missing from replica/testdata/canisters", name)
		}
		t.Skipf("%s.wasm is not built yet", name)
	}
	must(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	id, err := r.admin.CreateCanister(ctx, agent.CreateOptions{EffectiveCanisterID: principal.CanisterID(0)})
	must(t, err)
	must(t, r.admin.InstallCode(ctx, id, agent.ModeInstall, wasm, []byte("DIDL\x00\x00")))
	return id
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
