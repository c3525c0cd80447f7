package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/localnet"
)

// defaultNetworkDir is where `threshold up` keeps its network by default.
const defaultNetworkDir = ".threshold"

// network is a network to talk to: from DIR/network.json (written by
// `threshold up`) or from a bare URL, whose root key is fetched unverified.
type network struct {
	url     string
	rootKey []byte // nil: fetch from /api/v2/status
	file    *localnet.File
	path    string              // network.json, when the network came from one
	ecid    principal.Principal // where new canisters go, if set by a flag
}

// loadNetwork reads --network: an http(s) URL, a directory holding
// network.json, or the network.json file itself. Empty means
// $THRESHOLD_NETWORK, else ./.threshold.
func loadNetwork(spec string) (*network, error) {
	if spec == "" {
		spec = os.Getenv("THRESHOLD_NETWORK")
	}
	if spec == "" {
		spec = defaultNetworkDir
		if _, err := os.Stat(filepath.Join(spec, "network.json")); err != nil {
			return nil, errors.New("no network: pass --network DIR|URL, or start one with `threshold up`")
		}
	}
	if strings.HasPrefix(spec, "http://") || strings.HasPrefix(spec, "https://") {
		return &network{url: spec}, nil
	}
	path := spec
	if st, err := os.Stat(spec); err == nil && st.IsDir() {
		path = filepath.Join(spec, "network.json")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the network: %w", err)
	}
	var nf localnet.File
	if err := json.Unmarshal(b, &nf); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if nf.Version != 1 {
		return nil, fmt.Errorf("%s: unsupported version %d (want 1)", path, nf.Version)
	}
	key, err := hex.DecodeString(nf.RootKey)
	if err != nil || len(key) == 0 {
		return nil, fmt.Errorf("%s: root_key is not a hex DER key", path)
	}
	if nf.APIURL == "" {
		return nil, fmt.Errorf("%s: no api_url", path)
	}
	return &network{url: nf.APIURL, rootKey: key, file: &nf, path: path}, nil
}

// agent returns an agent for the network signing as id. A fetched root key
// is announced on stderr, since nothing vouches for it.
func (n *network) agent(id identity.Identity, stderr io.Writer) (*agent.Agent, error) {
	if n.rootKey == nil {
		fmt.Fprintf(stderr, "warning: trusting the root key that %s sends; it is not verified\n", n.url)
	}
	return agent.New(agent.Config{URL: n.url, Identity: id, RootKey: n.rootKey, FetchRootKey: n.rootKey == nil})
}

// canister resolves a canister argument: a name from network.json (or,
// for a network given by URL, from ./canister_names.json) or a textual
// principal.
func (n *network) canister(s string) (principal.Principal, error) {
	if n.file != nil {
		if id, ok := n.file.Canisters[s]; ok {
			return principal.Parse(id)
		}
	} else if names, err := readURLNames(); err == nil {
		if id, ok := names[n.url][s]; ok {
			return principal.Parse(id)
		}
	}
	p, err := principal.Parse(s)
	if err != nil {
		return principal.Principal{}, fmt.Errorf("%q is neither a canister id nor a canister name of the network", s)
	}
	return p, nil
}

// creationTarget returns an effective canister id on the subnet where new
// canisters go: the first canister of the first application subnet in
// network.json, else the first subnet's; aaaaa-aa without network.json.
func (n *network) creationTarget() (principal.Principal, error) {
	if n.ecid.Len() > 0 {
		return n.ecid, nil
	}
	if n.file == nil || len(n.file.Subnets) == 0 {
		return principal.Management, nil
	}
	pick := n.file.Subnets[0]
	for _, s := range n.file.Subnets {
		if s.Kind == "application" {
			pick = s
			break
		}
	}
	if len(pick.CanisterRanges) == 0 {
		return principal.Management, nil
	}
	return principal.Parse(pick.CanisterRanges[0][0])
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments, and returns the positional ones. "--" ends
// the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		args = rest
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// fail prints a command's error and returns exit code 1.
func fail(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "threshold %s: %v\n", cmd, err)
	return 1
}

// boolToExit maps "usage error" to exit code 2, else 0.
func boolToExit(usageError bool) int {
	if usageError {
		return 2
	}
	return 0
}
