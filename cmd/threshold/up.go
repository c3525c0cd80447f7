package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/threshold-ic/threshold/assets/demo"
	"github.com/threshold-ic/threshold/assets/upload"
	"github.com/threshold-ic/threshold/edge"
	"github.com/threshold-ic/threshold/replica/localnet"
)

// cmdUp starts a whole local network and its edge, and serves them until
// SIGINT or SIGTERM.
func cmdUp(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("up", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", ".threshold", "directory that keeps the network's state between runs")
	apiPort := fs.Int("api-port", 4943, "port of the IC HTTP API on 127.0.0.1 (0 picks a free one)")
	httpsPort := fs.Int("https-port", 8443, "HTTPS and HTTP/3 port of the edge (0 picks a free one)")
	httpPort := fs.Int("http-port", 8080, "plain HTTP port of the edge, serving canisters directly in development (0 picks a free one)")
	verbose := fs.Bool("v", false, "log node and edge events to stderr")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "threshold up: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	net, err := localnet.Start(ctx, localnet.Options{Dir: *dir, APIPort: *apiPort, Logger: logger})
	if err != nil {
		fmt.Fprintf(stderr, "threshold up: %v\n", err)
		return 1
	}
	ed, gw, err := startEdge(ctx, net, *httpsPort, *httpPort, logger)
	if err != nil {
		net.Close()
		fmt.Fprintf(stderr, "threshold up: edge: %v\n", err)
		return 1
	}
	demo, err := net.InstallDemo(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "threshold up: demo: %v\n", err)
	}
	site, siteErr := installDemoSite(ctx, net)
	if siteErr != nil {
		fmt.Fprintf(stderr, "threshold up: demo site: %v\n", siteErr)
	}
	abs, _ := filepath.Abs(net.NetworkFile)
	fmt.Fprintf(stdout, "Threshold local network is up.\n\n")
	fmt.Fprintf(stdout, "  IC HTTP API   %s\n", net.APIURL)
	for _, s := range net.Subnets() {
		fmt.Fprintf(stdout, "  %-13s %s (%s)\n", s.Name+" subnet", s.ID, s.Kind)
	}
	fmt.Fprintf(stdout, "  gateway       %s (HTTP/3 on udp %d), %s\n", gw.HTTPSURL, gw.HTTP3Port, gw.HTTPURL)
	fmt.Fprintf(stdout, "                canisters at https://<canister-id>.localhost:%d/ and http://<canister-id>.localhost:%s/\n",
		gw.HTTP3Port, portOf(gw.HTTPURL))
	if err == nil {
		fmt.Fprintf(stdout, "  demo (%s)  https://%s.localhost:%d/\n                http://%s.localhost:%s/\n",
			localnet.DemoName, demo, gw.HTTP3Port, demo, portOf(gw.HTTPURL))
	}
	if siteErr == nil {
		fmt.Fprintf(stdout, "  %-13s %s\n                %s\n                (files in %s; `threshold assets sync %s %s` puts changes on it)\n",
			demoSiteName, site.URLs[0], site.URLs[1], site.folder, demoSiteName, site.folder)
	}
	fmt.Fprintf(stdout, "  local CA      %s (`threshold trust --dir %s` installs it)\n", gw.CACert, *dir)
	fmt.Fprintf(stdout, "  network.json  %s\n\nPress Ctrl-C to stop; the state is kept in %s.\n", abs, *dir)
	select {
	case <-ctx.Done():
	case err := <-ed.Err():
		fmt.Fprintf(stderr, "threshold up: edge stopped: %v\n", err)
	}
	fmt.Fprintln(stdout, "\nstopping…")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs error
	if err := ed.Shutdown(sctx); err != nil {
		errs = fmt.Errorf("edge: %w", err)
	}
	if err := net.Close(); err != nil {
		errs = errors.Join(errs, fmt.Errorf("network: %w", err))
	}
	if errs != nil && !errors.Is(errs, context.Canceled) {
		fmt.Fprintf(stderr, "threshold up: stopping: %v\n", errs)
		return 1
	}
	return 0
}

// demoSiteName is the demo site's canister name in network.json.
const demoSiteName = "demo_site"

// demoSite is the demo site as installed.
type demoSite struct {
	*siteResult
	folder string
}

// installDemoSite puts the demo site on an asset canister named demo_site:
// its files are written to DIR/demo_site on the first start (later starts
// keep what the developer changed there) and synced, which uploads nothing
// when nothing changed.
func installDemoSite(ctx context.Context, ln *localnet.Network) (*demoSite, error) {
	folder := filepath.Join(ln.Dir(), demoSiteName)
	if _, err := os.Stat(folder); errors.Is(err, fs.ErrNotExist) {
		if err := demo.Write(folder); err != nil {
			return nil, err
		}
	}
	ag, err := ln.Admin()
	if err != nil {
		return nil, err
	}
	n, err := loadNetwork(ln.NetworkFile)
	if err != nil {
		return nil, err
	}
	res, err := syncSite(ctx, ag, n, demoSiteName, folder, upload.Options{})
	if err != nil {
		return nil, err
	}
	if len(res.URLs) < 2 {
		return nil, errors.New("network.json names no gateway")
	}
	return &demoSite{res, folder}, nil
}

// startEdge runs an edge in front of the local network: development TLS
// from a local CA under DIR/edge, the HTTP port serving canisters directly,
// and records it in network.json.
func startEdge(ctx context.Context, ln *localnet.Network, httpsPort, httpPort int, log *slog.Logger) (*edge.Edge, localnet.FileGateway, error) {
	cfg := &edge.Config{
		Network: ln.NetworkFile,
		Listen: edge.Listen{HTTPS: net.JoinHostPort("127.0.0.1", strconv.Itoa(httpsPort)),
			HTTP: net.JoinHostPort("127.0.0.1", strconv.Itoa(httpPort)), Dev: true},
		Domains: edge.Domains{Apex: []string{"localhost"}},
		TLS:     edge.TLS{Mode: "local", Dir: filepath.Join(ln.Dir(), "edge")},
	}
	if err := cfg.Validate(); err != nil {
		return nil, localnet.FileGateway{}, err
	}
	ed, err := edge.New(cfg, log.With("component", "edge"))
	if err != nil {
		return nil, localnet.FileGateway{}, err
	}
	if err := ed.Start(ctx); err != nil {
		return nil, localnet.FileGateway{}, err
	}
	a := ed.Addrs()
	ca, _ := filepath.Abs(ed.CACertPath())
	gw := localnet.FileGateway{
		HTTPSURL: "https://localhost:" + portOf(a.HTTPS), HTTPURL: "http://localhost:" + portOf(a.HTTP),
		Apex: "localhost", CACert: ca,
	}
	gw.HTTP3Port, _ = strconv.Atoi(portOf(a.HTTP3))
	if err := ln.SetGateway(gw); err != nil {
		ed.Shutdown(ctx)
		return nil, gw, err
	}
	return ed, gw, nil
}

// portOf returns the port of a host:port or URL.
func portOf(addr string) string {
	if i := len(addr) - 1; i >= 0 {
		for j := i; j >= 0; j-- {
			if addr[j] == ':' {
				return addr[j+1:]
			}
		}
	}
	return ""
}
