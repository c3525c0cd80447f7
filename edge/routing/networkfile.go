package routing

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// networkFile is the part of DIR/network.json (written by `threshold up`)
// that routing reads.
type networkFile struct {
	Version int    `json:"version"`
	RootKey string `json:"root_key"`
	Subnets []struct {
		ID             string      `json:"id"`
		Kind           string      `json:"kind"`
		CanisterRanges [][2]string `json:"canister_ranges"`
		Nodes          []struct {
			ID     string `json:"id"`
			APIURL string `json:"api_url"`
		} `json:"nodes"`
	} `json:"subnets"`
}

// FromNetworkFile reads a network.json file and builds its routing table.
func FromNetworkFile(path string) (*Table, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("routing: %w", err)
	}
	t, err := ParseNetworkFile(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// ParseNetworkFile builds a routing table from the bytes of a network.json
// file (version 1).
func ParseNetworkFile(b []byte) (*Table, error) {
	var nf networkFile
	if err := json.Unmarshal(b, &nf); err != nil {
		return nil, fmt.Errorf("routing: network file: %w", err)
	}
	if nf.Version != 1 {
		return nil, fmt.Errorf("routing: network file version %d, want 1", nf.Version)
	}
	rootKey, err := hex.DecodeString(nf.RootKey)
	if err != nil {
		return nil, fmt.Errorf("routing: network file root_key: %w", err)
	}
	subnets := make([]Subnet, 0, len(nf.Subnets))
	for _, fs := range nf.Subnets {
		s := Subnet{Kind: Kind(fs.Kind)}
		if s.ID, err = principal.Parse(fs.ID); err != nil {
			return nil, fmt.Errorf("routing: network file: subnet id %q: %w", fs.ID, err)
		}
		for _, fr := range fs.CanisterRanges {
			var r Range
			if r.Low, err = principal.Parse(fr[0]); err != nil {
				return nil, fmt.Errorf("routing: network file: subnet %s range: %w", s.ID, err)
			}
			if r.High, err = principal.Parse(fr[1]); err != nil {
				return nil, fmt.Errorf("routing: network file: subnet %s range: %w", s.ID, err)
			}
			s.Ranges = append(s.Ranges, r)
		}
		for _, fn := range fs.Nodes {
			var n Node
			if n.ID, err = principal.Parse(fn.ID); err != nil {
				return nil, fmt.Errorf("routing: network file: subnet %s node id %q: %w", s.ID, fn.ID, err)
			}
			if n.URL, err = url.Parse(fn.APIURL); err != nil {
				return nil, fmt.Errorf("routing: network file: node %s: %w", n.ID, err)
			}
			s.Nodes = append(s.Nodes, n)
		}
		subnets = append(subnets, s)
	}
	return NewTable(rootKey, subnets)
}
