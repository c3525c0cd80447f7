package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/threshold-ic/threshold/edge"
)

// cmdEdge runs an edge PoP from a config file until SIGINT or SIGTERM;
// SIGHUP reloads the file without dropping connections.
func cmdEdge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("edge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "the edge's config file (see deploy/edge.example.json)")
	network := fs.String("network", "", "override the config's network.json path")
	https := fs.String("https", "", "override listen.https (host:port)")
	httpAddr := fs.String("http", "", "override listen.http (host:port)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *path == "" {
		fmt.Fprintln(stderr, "threshold edge: --config is required")
		return 2
	}
	load := func() (*edge.Config, error) {
		cfg, err := edge.LoadConfig(*path)
		if err != nil {
			return nil, err
		}
		if *network != "" {
			cfg.Network = *network
		}
		if *https != "" {
			cfg.Listen.HTTPS = *https
		}
		if *httpAddr != "" {
			cfg.Listen.HTTP = *httpAddr
		}
		return cfg, cfg.Validate()
	}
	cfg, err := load()
	if err != nil {
		fmt.Fprintf(stderr, "threshold edge: %v\n", err)
		return 2
	}
	edge.SetMemoryLimit(cfg)
	log := edge.NewLogger(cfg.Log)
	e, err := edge.New(cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "threshold edge: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := e.Start(ctx); err != nil {
		fmt.Fprintf(stderr, "threshold edge: %v\n", err)
		return 1
	}
	a := e.Addrs()
	fmt.Fprintf(stdout, "edge serving https://%s (HTTP/3 on udp %s), http://%s, metrics http://%s\n", a.HTTPS, a.HTTP3, a.HTTP, a.Metrics)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-hup:
			next, err := load()
			if err == nil {
				err = e.Reload(ctx, next)
			}
			if err != nil {
				log.Error("reload refused; the old configuration stays", "err", err)
			}
		case err := <-e.Err():
			fmt.Fprintf(stderr, "threshold edge: %v\n", err)
			return 1
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.Background(), time.Duration(cfg.Timeouts.Shutdown))
			defer cancel()
			if err := e.Shutdown(sctx); err != nil {
				fmt.Fprintf(stderr, "threshold edge: shutdown: %v\n", err)
				return 1
			}
			return 0
		}
	}
}
