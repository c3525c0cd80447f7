package localnet

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/exec"
	"github.com/threshold-ic/threshold/replica/httpapi"
	"github.com/threshold-ic/threshold/replica/node"
)

// Options configure a local network.
type Options struct {
	Dir     string
	APIPort int // 0 picks a free port
	Logger  *slog.Logger
	// CacheDir keeps compiled canister modules. Empty means the user's
	// cache directory (threshold/wasm under $XDG_CACHE_HOME or
	// ~/.cache), shared by every local network of the user, so that a
	// module is compiled once per machine; DIR/cache without a home.
	CacheDir string
}

// compileCacheDir is where compiled modules are kept (Options.CacheDir).
func (o Options) compileCacheDir() string {
	if o.CacheDir != "" {
		return o.CacheDir
	}
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "threshold", "wasm")
	}
	return filepath.Join(o.Dir, "cache")
}

// Network is a running local network: one node per subnet, each with its
// own API address, and the routed API address of the whole network.
type Network struct {
	dir         string
	APIURL      string // the routed IC HTTP API of the whole network
	NetworkFile string // DIR/network.json
	subnets     []runningSubnet
	engine      *exec.Engine
	servers     []*http.Server
	lock        *os.File
	file        File
	carried     map[string]string // canister names from the previous run
}

type runningSubnet struct {
	localSubnet
	node   *node.Node
	apiURL string
}

// Start starts (or resumes) the local network kept in opts.Dir and
// returns once its API answers, having written DIR/network.json.
func Start(ctx context.Context, opts Options) (_ *Network, err error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, err
	}
	ln := &Network{dir: opts.Dir, NetworkFile: filepath.Join(opts.Dir, "network.json")}
	defer func() {
		if err != nil {
			ln.Close()
		}
	}()
	if ln.lock, err = lockDir(opts.Dir); err != nil {
		return nil, err
	}
	// network.json is written again once the network answers; the names
	// of the canisters installed earlier carry over.
	if b, err := os.ReadFile(ln.NetworkFile); err == nil {
		var old File
		if json.Unmarshal(b, &old) == nil {
			ln.carried = old.Canisters
		}
	}
	os.Remove(ln.NetworkFile)
	g, err := loadGenesis(opts.Dir)
	if err != nil {
		return nil, err
	}
	subnets, topo, err := g.decode()
	if err != nil {
		return nil, err
	}
	if _, err := loadOrCreateIdentity(filepath.Join(opts.Dir, "identity.pem")); err != nil {
		return nil, err
	}
	if ln.engine, err = exec.NewEngine(ctx, exec.Config{CacheDir: opts.compileCacheDir(), Logger: opts.Logger}); err != nil {
		return nil, err
	}
	var nns *node.Node
	rt := &router{}
	for _, s := range subnets {
		t := topo
		t.Self = s.info.ID
		cfg := node.Config{
			Dir: filepath.Join(opts.Dir, s.name), Topology: t, NodeKey: s.keys[0], Index: 0,
			Dealing: s.dealing, Share: s.shares[0], Engine: ln.engine,
			ConsensusKey: s.consensus[0], ConsensusKeys: s.consensusKeys,
			BeaconDealing: s.beacon, BeaconShare: s.beaconShares[0],
			Logger: opts.Logger.With("subnet", s.name),
		}
		if nns != nil {
			cfg.Delegation = delegationFrom(nns, s.info)
		}
		n, err := node.New(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("subnet %s: %w", s.name, err)
		}
		if nns == nil {
			nns = n
		}
		n.Start(ctx)
		rs := runningSubnet{localSubnet: s, node: n}
		h := httpapi.New(n, httpapi.Options{Logger: opts.Logger.With("subnet", s.name)})
		if rs.apiURL, err = ln.serve("127.0.0.1:0", h); err != nil {
			n.Close()
			return nil, err
		}
		ln.subnets = append(ln.subnets, rs)
		rt.subnets = append(rt.subnets, routedSubnet{info: s.info, handler: h})
		if s.info.Kind == node.Application {
			rt.deflt = h
		}
	}
	if ln.APIURL, err = ln.serve(fmt.Sprintf("127.0.0.1:%d", opts.APIPort), rt); err != nil {
		return nil, err
	}
	if err := ln.waitHealthy(ctx); err != nil {
		return nil, err
	}
	return ln, ln.writeNetworkFile(topo)
}

// delegationFrom makes the application subnet's delegation from the NNS
// node's certified state: a certificate of the root subnet revealing the
// subnet's public key and canister ranges (certification.md § Delegation).
func delegationFrom(nns *node.Node, s node.Subnet) func(context.Context) (*certify.Delegation, error) {
	sid := s.ID.Bytes()
	return func(ctx context.Context) (*certify.Delegation, error) {
		cert, err := nns.ReadState(ctx, [][][]byte{
			{[]byte("subnet"), sid, []byte("public_key")},
			{[]byte("subnet"), sid, []byte("canister_ranges")},
			{[]byte("canister_ranges"), sid},
		})
		if err != nil {
			return nil, err
		}
		return &certify.Delegation{SubnetID: sid, Certificate: cert}, nil
	}
}

// serve starts an HTTP server on addr and returns its URL.
func (ln *Network) serve(addr string, h http.Handler) (string, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	ln.servers = append(ln.servers, srv)
	go srv.Serve(l)
	return "http://" + l.Addr().String(), nil
}

// waitHealthy returns once every node reports healthy.
func (ln *Network) waitHealthy(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		healthy := true
		for _, s := range ln.subnets {
			st, _ := s.node.Health()
			healthy = healthy && st == "healthy"
		}
		if healthy {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the network did not become healthy: %w", ctx.Err())
		case <-tick.C:
		}
	}
}

// Close stops the servers and the nodes, checkpointing their state.
func (ln *Network) Close() error {
	var errs []error
	// The API servers drain together for at most closeGrace; then what is
	// left is closed. A connection a client opened but sent nothing on
	// counts as active for its first five seconds in net/http, so waiting
	// it out would only delay the stop.
	ctx, cancel := context.WithTimeout(context.Background(), closeGrace)
	var wg sync.WaitGroup
	shutdownErrs := make([]error, len(ln.servers))
	for i, srv := range ln.servers {
		wg.Go(func() {
			err := srv.Shutdown(ctx)
			if errors.Is(err, context.DeadlineExceeded) {
				err = srv.Close()
			}
			shutdownErrs[i] = err
		})
	}
	wg.Wait()
	cancel()
	errs = append(errs, shutdownErrs...)
	for i := len(ln.subnets) - 1; i >= 0; i-- {
		errs = append(errs, ln.subnets[i].node.Close())
	}
	if ln.engine != nil {
		errs = append(errs, ln.engine.Close(context.Background()))
	}
	if ln.lock != nil {
		ln.lock.Close()
	}
	return errors.Join(errs...)
}

// closeGrace bounds how long Close waits for requests in flight.
const closeGrace = 2 * time.Second

// lockDir takes an exclusive lock on dir so that two networks never share
// one state directory.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s is in use by another threshold up", dir)
	}
	return f, nil
}

// loadOrCreateIdentity returns the identity in path, creating an Ed25519
// one there if there is none; it controls the canisters `up` installs.
func loadOrCreateIdentity(path string) (identity.Identity, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		id, err := identity.Generate(identity.Ed25519, rand.Reader)
		if err != nil {
			return nil, err
		}
		pem, err := identity.EncodePEM(id)
		if err != nil {
			return nil, err
		}
		return id, writeFileAtomic(path, pem, 0o600)
	}
	if err != nil {
		return nil, err
	}
	return identity.ParsePEM(b)
}

// File is DIR/network.json: how tools and tests find the network.
type File struct {
	Version     int               `json:"version"`
	RootKey     string            `json:"root_key"`
	APIURL      string            `json:"api_url"`
	IdentityPEM string            `json:"identity_pem"`
	Subnets     []FileSubnet      `json:"subnets"`
	Canisters   map[string]string `json:"canisters"`
	// Gateway is set when an edge serves the network (`threshold up`
	// starts one).
	Gateway *FileGateway `json:"gateway,omitempty"`
}

// FileGateway describes the edge in front of the network.
type FileGateway struct {
	HTTPSURL  string `json:"https_url"`
	HTTPURL   string `json:"http_url"`
	HTTP3Port int    `json:"http3_port"`
	Apex      string `json:"apex"`
	CACert    string `json:"ca_cert"`
}

type FileSubnet struct {
	ID             string      `json:"id"`
	Kind           string      `json:"kind"`
	CanisterRanges [][2]string `json:"canister_ranges"`
	Nodes          []FileNode  `json:"nodes"`
}

type FileNode struct {
	ID     string `json:"id"`
	APIURL string `json:"api_url"`
}

// Subnet describes a running subnet for display.
type Subnet struct {
	Name string
	ID   string
	Kind string
}

// Subnets lists the network's subnets, the NNS first.
func (ln *Network) Subnets() []Subnet {
	out := make([]Subnet, len(ln.subnets))
	for i, s := range ln.subnets {
		out[i] = Subnet{Name: s.name, ID: s.info.ID.String(), Kind: string(s.info.Kind)}
	}
	return out
}

// Dir is the directory that keeps the network's state.
func (ln *Network) Dir() string { return ln.dir }

// SetGateway records the edge serving the network and rewrites
// network.json with it.
func (ln *Network) SetGateway(g FileGateway) error {
	ln.file.Gateway = &g
	return ln.saveFile()
}

// SetCanister records an installed canister under name in network.json.
func (ln *Network) SetCanister(name, id string) error {
	ln.file.Canisters[name] = id
	return ln.saveFile()
}

func (ln *Network) saveFile() error {
	b, err := json.MarshalIndent(ln.file, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(ln.NetworkFile, append(b, '\n'), 0o644)
}

func (ln *Network) writeNetworkFile(topo node.Topology) error {
	pem, err := filepath.Abs(filepath.Join(ln.dir, "identity.pem"))
	if err != nil {
		return err
	}
	nf := File{Version: 1, RootKey: hex.EncodeToString(topo.RootKey), APIURL: ln.APIURL,
		IdentityPEM: pem, Canisters: map[string]string{}}
	for name, id := range ln.carried {
		nf.Canisters[name] = id
	}
	for _, s := range ln.subnets {
		ns := FileSubnet{ID: s.info.ID.String(), Kind: string(s.info.Kind)}
		for _, r := range s.info.Ranges {
			ns.CanisterRanges = append(ns.CanisterRanges, [2]string{r.Low.String(), r.High.String()})
		}
		for _, n := range s.info.Nodes {
			ns.Nodes = append(ns.Nodes, FileNode{ID: n.ID.String(), APIURL: s.apiURL})
		}
		nf.Subnets = append(nf.Subnets, ns)
	}
	ln.file = nf
	return ln.saveFile()
}
