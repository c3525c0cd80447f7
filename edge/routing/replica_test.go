package routing

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/threshold-ic/threshold/replica/localnet"
)

// replicaNode is one real replica: the node of the application subnet of
// an in-process local network (replica/localnet), served over HTTP by the
// real API on 127.0.0.1, found through the network's network.json.
type replicaNode struct {
	api     *url.URL // the node's own API (network.json's api_url)
	rootKey []byte
	app     Subnet // the application subnet as network.json lists it
}

func startReplica(t testing.TB) *replicaNode {
	t.Helper()
	ln, err := localnet.Start(t.Context(), localnet.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ln.Close(); err != nil {
			t.Error(err)
		}
	})
	tab, err := FromNetworkFile(ln.NetworkFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range tab.Subnets() {
		if s.Kind == Application {
			return &replicaNode{api: s.Nodes[0].URL, rootKey: tab.RootKey(), app: s}
		}
	}
	t.Fatal("network.json lists no application subnet")
	return nil
}

// table lists the node once per URL, as distinct nodes of its subnet.
func (rn *replicaNode) table(t testing.TB, urls ...*url.URL) *Table {
	t.Helper()
	s := Subnet{ID: rn.app.ID, Kind: Application, Ranges: rn.app.Ranges}
	for i, u := range urls {
		s.Nodes = append(s.Nodes, Node{ID: nodeID(string(rune('a' + i))), URL: u})
	}
	tab, err := NewTable(rn.rootKey, []Subnet{s})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func (rn *replicaNode) url() *url.URL { return rn.api }

// counterWasm is the Motoko counter test canister.
func counterWasm(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "replica", "testdata", "canisters", "counter.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
