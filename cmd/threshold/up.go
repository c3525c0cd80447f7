package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/threshold-ic/threshold/replica/localnet"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

// cmdUp starts a whole local network and serves it until SIGINT or SIGTERM.
func cmdUp(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("up", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", ".threshold", "directory that keeps the network's state between runs")
	apiPort := fs.Int("api-port", 4943, "port of the IC HTTP API on 127.0.0.1 (0 picks a free one)")
	verbose := fs.Bool("v", false, "log node events to stderr")
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
	abs, _ := filepath.Abs(net.NetworkFile)
	fmt.Fprintf(stdout, "Threshold local network is up.\n\n")
	fmt.Fprintf(stdout, "  IC HTTP API   %s\n", net.APIURL)
	for _, s := range net.Subnets() {
		fmt.Fprintf(stdout, "  %-13s %s (%s)\n", s.Name+" subnet", s.ID, s.Kind)
	}
	fmt.Fprintf(stdout, "  network.json  %s\n\nPress Ctrl-C to stop; the state is kept in %s.\n", abs, *dir)
	<-ctx.Done()
	fmt.Fprintln(stdout, "\nstopping…")
	if err := net.Close(); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "threshold up: stopping: %v\n", err)
		return 1
	}
	return 0
}
