package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"

	"github.com/threshold-ic/threshold/assets"
	"github.com/threshold-ic/threshold/assets/upload"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/localnet"
)

const assetsUsage = `Usage:
  threshold assets sync [--network DIR|URL] [--identity NAME|PEM] CANISTER FOLDER

Puts FOLDER on an asset canister. CANISTER is a canister id or a name; a
name the network does not know yet creates a canister, installs the asset
canister on it and records the name in network.json (for a network given
by URL, in ./canister_names.json). Only what changed is
uploaded, and everything is committed at once: until the sync ends,
visitors see the previous version.

Flags:
  --network DIR|URL   the network (default ./.threshold or $THRESHOLD_NETWORK)
  --identity NAME|PEM the identity to sign with (default: the default identity)
  --ecid ID           a canister id on the subnet where a new canister goes
                      (default: from network.json; needed with a URL)
  --concurrency N     upload calls in flight (default 4)
  --json              print the report as JSON
`

// cmdAssets runs `threshold assets`.
func cmdAssets(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, assetsUsage)
		return boolToExit(len(args) == 0)
	}
	if args[0] != "sync" {
		fmt.Fprintf(stderr, "threshold assets: unknown command %q\n\n%s", args[0], assetsUsage)
		return 2
	}
	fs := flag.NewFlagSet("assets sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	network := fs.String("network", "", "network directory or API URL")
	ident := fs.String("identity", "", "identity name or PEM file")
	concurrency := fs.Int("concurrency", 4, "upload calls in flight")
	ecid := fs.String("ecid", "", "a canister id on the subnet for a new canister")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return 2
	}
	if len(pos) != 2 {
		fmt.Fprintf(stderr, "threshold assets sync: want CANISTER and FOLDER\n\n%s", assetsUsage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	net, err := loadNetwork(*network)
	if err != nil {
		return fail(stderr, "assets sync", err)
	}
	store, err := openStore()
	if err != nil {
		return fail(stderr, "assets sync", err)
	}
	id, err := store.resolve(*ident, stderr)
	if err != nil {
		return fail(stderr, "assets sync", err)
	}
	ag, err := net.agent(id, stderr)
	if err != nil {
		return fail(stderr, "assets sync", err)
	}
	if *ecid != "" {
		if net.ecid, err = principal.Parse(*ecid); err != nil {
			return fail(stderr, "assets sync", fmt.Errorf("--ecid: %w", err))
		}
	}
	res, err := syncSite(ctx, ag, net, pos[0], pos[1], upload.Options{Concurrency: *concurrency, Progress: stderr})
	if err != nil {
		return fail(stderr, "assets sync", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
		return 0
	}
	fmt.Fprintf(stdout, "%s: %s\n", res.Canister, res.Report)
	for _, u := range res.URLs {
		fmt.Fprintf(stdout, "  %s\n", u)
	}
	return 0
}

// siteResult is what a sync did, for people and for --json.
type siteResult struct {
	Canister  string         `json:"canister"`
	Name      string         `json:"name,omitempty"`
	Created   bool           `json:"created"`
	Installed string         `json:"installed"`
	Report    *upload.Report `json:"report"`
	URLs      []string       `json:"urls"`
}

// syncSite resolves or creates the canister, makes it run the asset
// canister and syncs the folder into it.
func syncSite(ctx context.Context, ag *agent.Agent, net *network, target, folder string, opts upload.Options) (*siteResult, error) {
	if st, err := os.Stat(folder); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", folder)
	}
	res := &siteResult{}
	cid, err := net.canister(target)
	if err != nil {
		if !validName(target) {
			return nil, fmt.Errorf("%q is neither a canister id nor a name (letters, digits, - and _)", target)
		}
		ecid, err := net.creationTarget()
		if err != nil {
			return nil, err
		}
		if cid, err = ag.CreateCanister(ctx, agent.CreateOptions{EffectiveCanisterID: ecid}); err != nil {
			return nil, fmt.Errorf("creating a canister for %q: %w", target, err)
		}
		res.Created, res.Name = true, target
		if err := net.recordCanister(target, cid); err != nil {
			return nil, err
		}
	}
	res.Canister = cid.String()
	did, err := assets.Install(ctx, ag, cid)
	if err != nil {
		return nil, err
	}
	res.Installed = did.String()
	if res.Report, err = upload.Sync(ctx, assets.Canister(ag, cid), folder, opts); err != nil {
		return nil, err
	}
	res.URLs = net.siteURLs(cid)
	return res, nil
}

// validName reports whether s can name a canister in network.json.
func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// urlNamesFile keeps the names of canisters created on networks given by
// URL, per URL, in the current directory (as dfx keeps canister_ids.json
// beside a project): {"<api url>": {"<name>": "<id>"}}.
const urlNamesFile = "canister_names.json"

func readURLNames() (map[string]map[string]string, error) {
	b, err := os.ReadFile(urlNamesFile)
	if err != nil {
		return nil, err
	}
	names := map[string]map[string]string{}
	if err := json.Unmarshal(b, &names); err != nil {
		return nil, fmt.Errorf("%s: %w", urlNamesFile, err)
	}
	return names, nil
}

// recordCanister adds name -> id to network.json, or for a network given
// by URL to ./canister_names.json, rewriting the file atomically.
func (n *network) recordCanister(name string, id principal.Principal) error {
	if n.file == nil {
		names, err := readURLNames()
		if errors.Is(err, fs.ErrNotExist) {
			names, err = map[string]map[string]string{}, nil
		}
		if err != nil {
			return err
		}
		if names[n.url] == nil {
			names[n.url] = map[string]string{}
		}
		names[n.url][name] = id.String()
		return writeJSONAtomic(urlNamesFile, names)
	}
	b, err := os.ReadFile(n.path)
	if err != nil {
		return err
	}
	var nf localnet.File
	if err := json.Unmarshal(b, &nf); err != nil {
		return fmt.Errorf("%s: %w", n.path, err)
	}
	if nf.Canisters == nil {
		nf.Canisters = map[string]string{}
	}
	nf.Canisters[name] = id.String()
	n.file.Canisters = nf.Canisters
	return writeJSONAtomic(n.path, nf)
}

// writeJSONAtomic writes v as indented JSON through a temporary file and a
// rename, so that a reader never sees half a file.
func writeJSONAtomic(path string, v any) error {
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(out, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// siteURLs are the addresses of a canister's site through the network's
// edge, if network.json names one.
func (n *network) siteURLs(id principal.Principal) []string {
	if n.file == nil || n.file.Gateway == nil {
		return nil
	}
	gw := n.file.Gateway
	var urls []string
	for _, base := range []string{gw.HTTPSURL, gw.HTTPURL} {
		scheme, rest, ok := strings.Cut(base, "://")
		if !ok || base == "" {
			continue
		}
		port := portOf(rest)
		host := id.String() + "." + gw.Apex
		if port != "" {
			host += ":" + port
		}
		urls = append(urls, scheme+"://"+host+"/")
	}
	return urls
}
