package localnet

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/threshold-ic/threshold/replica/api/keys"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/node"
)

// genesis is the secret material of a local network, made once by
// `threshold up` and kept in DIR/genesis.json (mode 0600): each subnet's
// threshold key dealing and shares, and each node's Ed25519 key. Everything
// else about the network follows from it.
type genesis struct {
	Version int             `json:"version"`
	Subnets []genesisSubnet `json:"subnets"`
}

type genesisSubnet struct {
	Name   string      `json:"name"`
	Kind   string      `json:"kind"`
	Ranges [][2]uint64 `json:"ranges"` // canister index ranges, inclusive
	// Dealing is the subnet's state-certification key, Beacon its
	// random-beacon key (hex threshold dealings).
	Dealing string        `json:"dealing"`
	Beacon  string        `json:"beacon"`
	Nodes   []genesisNode `json:"nodes"`
}

type genesisNode struct {
	Share       string `json:"share"`        // hex share of the certification key
	BeaconShare string `json:"beacon_share"` // hex share of the beacon key
	Consensus   string `json:"consensus"`    // hex individual BLS key
	Key         string `json:"key"`          // hex Ed25519 seed of the node key
}

// The local network's layout, after the real IC's: the NNS subnet holds
// the low canister ids (the ledger ryjl3-tyaaa-aaaaa-aaaba-cai among them,
// which agents use to sync their clocks), the application subnet the next
// range.
var localSubnets = []struct {
	name   string
	kind   node.SubnetKind
	ranges [][2]uint64
}{
	{"nns", node.System, [][2]uint64{{0, 0xf_ffff}}},
	{"app", node.Application, [][2]uint64{{0x10_0000, 0x1f_ffff}}},
}

// loadGenesis reads DIR/genesis.json, creating it on the first start.
func loadGenesis(dir string) (*genesis, error) {
	path := filepath.Join(dir, "genesis.json")
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		g, err := newGenesis()
		if err != nil {
			return nil, err
		}
		b, _ = json.MarshalIndent(g, "", " ")
		if err := writeFileAtomic(path, b, 0o600); err != nil {
			return nil, err
		}
		return g, nil
	}
	if err != nil {
		return nil, err
	}
	var g genesis
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if g.Version != 1 || len(g.Subnets) != len(localSubnets) {
		return nil, fmt.Errorf("%s: unsupported genesis (version %d, %d subnets)", path, g.Version, len(g.Subnets))
	}
	return &g, nil
}

func newGenesis() (*genesis, error) {
	g := &genesis{Version: 1}
	for _, s := range localSubnets {
		d, shares, err := threshold.Deal(rand.Reader, 1, 1)
		if err != nil {
			return nil, err
		}
		bd, bshares, err := threshold.Deal(rand.Reader, 1, 1)
		if err != nil {
			return nil, err
		}
		gs := genesisSubnet{Name: s.name, Kind: string(s.kind), Ranges: s.ranges,
			Dealing: hex.EncodeToString(d.Bytes()), Beacon: hex.EncodeToString(bd.Bytes())}
		for i, sh := range shares {
			_, key, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				return nil, err
			}
			ck, err := bls.GenerateKey(rand.Reader)
			if err != nil {
				return nil, err
			}
			gs.Nodes = append(gs.Nodes, genesisNode{
				Share: hex.EncodeToString(sh.Key.Bytes()), BeaconShare: hex.EncodeToString(bshares[i].Key.Bytes()),
				Consensus: hex.EncodeToString(ck.Bytes()), Key: hex.EncodeToString(key.Seed()),
			})
		}
		g.Subnets = append(g.Subnets, gs)
	}
	return g, nil
}

// localSubnet is one subnet of the network with its secrets decoded.
type localSubnet struct {
	name          string
	info          node.Subnet
	dealing       *threshold.Dealing
	beacon        *threshold.Dealing
	shares        []threshold.SecretShare
	beaconShares  []threshold.SecretShare
	consensus     []*bls.SecretKey
	consensusKeys []*bls.PublicKey
	keys          []ed25519.PrivateKey
}

// decode turns the genesis into subnets and the network's topology. The
// root key is the NNS subnet's key, and the NNS subnet's id is its
// self-authenticating id, as clients assume (PROTOCOL.md §3.3).
func (g *genesis) decode() ([]localSubnet, node.Topology, error) {
	var out []localSubnet
	var topo node.Topology
	for _, gs := range g.Subnets {
		d, err := dealingHex(gs.Dealing)
		if err != nil {
			return nil, topo, err
		}
		bd, err := dealingHex(gs.Beacon)
		if err != nil {
			return nil, topo, err
		}
		ls := localSubnet{name: gs.Name, dealing: d, beacon: bd}
		key := d.PublicKey().DER()
		ls.info = node.Subnet{ID: principal.SelfAuthenticating(key), Kind: node.SubnetKind(gs.Kind), PublicKey: key}
		for _, r := range gs.Ranges {
			ls.info.Ranges = append(ls.info.Ranges, node.Range{Low: principal.CanisterID(r[0]), High: principal.CanisterID(r[1])})
		}
		for i, gn := range gs.Nodes {
			sk, err := blsHex(gn.Share)
			if err != nil {
				return nil, topo, err
			}
			bsk, err := blsHex(gn.BeaconShare)
			if err != nil {
				return nil, topo, err
			}
			ck, err := blsHex(gn.Consensus)
			if err != nil {
				return nil, topo, err
			}
			ls.beaconShares = append(ls.beaconShares, threshold.SecretShare{Index: i + 1, Key: bsk})
			ls.consensus = append(ls.consensus, ck)
			ls.consensusKeys = append(ls.consensusKeys, ck.PublicKey())
			seed, err := hex.DecodeString(gn.Key)
			if err != nil || len(seed) != ed25519.SeedSize {
				return nil, topo, fmt.Errorf("genesis: bad node key of subnet %s", gs.Name)
			}
			nk := ed25519.NewKeyFromSeed(seed)
			der := keys.EncodeEd25519DER(nk.Public().(ed25519.PublicKey))
			ls.shares = append(ls.shares, threshold.SecretShare{Index: i + 1, Key: sk})
			ls.keys = append(ls.keys, nk)
			ls.info.Nodes = append(ls.info.Nodes, node.NodeInfo{ID: principal.SelfAuthenticating(der), PublicKey: der})
		}
		if err := d.VerifyShare(ls.shares[0]); err != nil {
			return nil, topo, fmt.Errorf("genesis: subnet %s: %w", gs.Name, err)
		}
		out = append(out, ls)
		topo.Subnets = append(topo.Subnets, ls.info)
	}
	topo.RootKey = out[0].info.PublicKey
	slices.SortFunc(topo.Subnets, func(a, b node.Subnet) int { return a.ID.Compare(b.ID) })
	return out, topo, nil
}

func dealingHex(s string) (*threshold.Dealing, error) {
	raw, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	return threshold.DealingFromBytes(raw)
}

func blsHex(s string) (*bls.SecretKey, error) {
	raw, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	return bls.SecretKeyFromBytes(raw)
}

// writeFileAtomic writes path through a temporary file and a rename.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, perm); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
