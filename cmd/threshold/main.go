// Command threshold is the single Threshold binary. Subcommands start a
// local network, a replica node or an edge gateway, and manage identities,
// canisters, assets and domains.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

const usage = `threshold: an Internet Computer, edge first

Usage:
  threshold <command> [arguments]

Commands:
  up        start a local network: two subnets (NNS and application) and an edge
  edge      run an edge PoP: the HTTPS and HTTP/3 gateway to canisters
  identity  create, list and select signing identities
  canister  create, install, call, query and manage canisters
  assets    put a folder on a certified asset canister (assets sync)
  trust     install the local CA in the system and browser stores (untrust removes it)
  version   print the version of this binary
  help      show this help

Coming with the next issues: replica, domain, nns (see README.md).
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "up":
		return cmdUp(args[1:], stdout, stderr)
	case "edge":
		return cmdEdge(args[1:], stdout, stderr)
	case "identity":
		return cmdIdentity(args[1:], stdout, stderr)
	case "canister":
		return cmdCanister(args[1:], stdout, stderr)
	case "assets":
		return cmdAssets(args[1:], stdout, stderr)
	case "trust", "untrust":
		return cmdTrust(args[1:], stdout, stderr, args[0] == "trust")
	case "version", "--version":
		fmt.Fprintln(stdout, "threshold", version())
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "threshold: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}

// version reports the module version, or the VCS revision for a build
// from a checkout.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "dev-" + s.Value[:12]
		}
	}
	return "dev"
}
