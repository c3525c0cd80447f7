package routing

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
	"github.com/threshold-ic/threshold/replica/httpapi"
	replica "github.com/threshold-ic/threshold/replica/node"
)

// replicaNode is one real replica (a one-node application subnet) served
// over HTTP by the real API on 127.0.0.1.
type replicaNode struct {
	node    *replica.Node
	srv     *httptest.Server
	rootKey []byte
	subnet  principal.Principal
	ranges  []Range
}

func startReplica(t testing.TB) *replicaNode {
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
	pub, nk, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	engine, err := exec.NewEngine(context.Background(), exec.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { engine.Close(context.Background()) })
	key := d.PublicKey().DER()
	nodeDER := append([]byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}, pub...)
	sub := replica.Subnet{
		ID: principal.SelfAuthenticating(key), Kind: replica.Application, PublicKey: key,
		Ranges: []replica.Range{{Low: principal.CanisterID(0), High: principal.CanisterID(0xffff)}},
		Nodes:  []replica.NodeInfo{{ID: principal.SelfAuthenticating(nodeDER), PublicKey: nodeDER}},
	}
	n, err := replica.New(context.Background(), replica.Config{
		Dir: t.TempDir(), Topology: replica.Topology{RootKey: key, Self: sub.ID, Subnets: []replica.Subnet{sub}},
		NodeKey: nk, Dealing: d, Share: sh[0], ConsensusKey: ck, ConsensusKeys: []*bls.PublicKey{ck.PublicKey()},
		BeaconDealing: bd, BeaconShare: bsh[0], Engine: engine, BlockInterval: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	n.Start(context.Background())
	rn := &replicaNode{node: n, srv: httptest.NewServer(httpapi.New(n, httpapi.Options{})), rootKey: key, subnet: sub.ID,
		ranges: []Range{{principal.CanisterID(0), principal.CanisterID(0xffff)}}}
	t.Cleanup(func() {
		rn.srv.Close()
		if err := n.Close(); err != nil {
			t.Error(err)
		}
	})
	return rn
}

// table lists the node once per URL, as distinct nodes of its subnet.
func (rn *replicaNode) table(t testing.TB, urls ...*url.URL) *Table {
	t.Helper()
	s := Subnet{ID: rn.subnet, Kind: Application, Ranges: rn.ranges}
	for i, u := range urls {
		s.Nodes = append(s.Nodes, Node{ID: nodeID(string(rune('a' + i))), URL: u})
	}
	tab, err := NewTable(rn.rootKey, []Subnet{s})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func (rn *replicaNode) url() *url.URL { u, _ := url.Parse(rn.srv.URL); return u }

// counterWasm is the Motoko counter test canister.
func counterWasm(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "replica", "testdata", "canisters", "counter.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// waitHealthy waits for the node's first certified state, on the node's own
// signal, polled on a short ticker.
func (rn *replicaNode) waitHealthy(t testing.TB) {
	t.Helper()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(30 * time.Second)
	for {
		if st, _ := rn.node.Health(); st == "healthy" {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatal("node never became healthy")
		}
	}
}
