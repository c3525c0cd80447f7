package assets

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"fmt"

	"github.com/threshold-ic/threshold/assets/upload"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// canisterWasm is the asset canister module, built by
// `go run ./assets/internal/buildwasm` (the test command checks that it
// matches its source).
//
//go:embed canister.wasm
var canisterWasm []byte

// Wasm returns a copy of the asset canister module.
func Wasm() []byte { return bytes.Clone(canisterWasm) }

// ModuleHash is the SHA-256 of the module, as the replica reports it in
// /canister/<id>/module_hash.
func ModuleHash() [32]byte { return sha256.Sum256(canisterWasm) }

// Installed says what Install did.
type Installed int

// What Install did.
const (
	Unchanged Installed = iota // the canister already runs this module
	Fresh                      // installed into an empty canister
	Upgraded                   // upgraded another module, content kept
)

func (i Installed) String() string {
	return [...]string{"unchanged", "installed", "upgraded"}[i]
}

// Install makes the canister run this package's module: it installs it
// into an empty canister and upgrades an older build of it (the content
// survives in stable memory). It refuses a canister that runs any other
// module. The
// agent's identity must control the canister; it becomes the first
// principal allowed to commit content.
func Install(ctx context.Context, ag *agent.Agent, id principal.Principal) (Installed, error) {
	have, err := ag.CanisterModuleHash(ctx, id)
	if err != nil {
		return Unchanged, fmt.Errorf("reading the module hash of %s: %w", id, err)
	}
	want := ModuleHash()
	switch {
	case bytes.Equal(have, want[:]):
		return Unchanged, nil
	case have == nil:
		if err := ag.InstallCode(ctx, id, agent.ModeInstall, canisterWasm, emptyArg); err != nil {
			return Unchanged, fmt.Errorf("installing the asset canister on %s: %w", id, err)
		}
		return Fresh, nil
	}
	// Replace only an older build of this canister: another module's
	// state would not survive (and it may not be an asset canister).
	if _, ours, err := ag.CanisterMetadata(ctx, id, buildMetadata); err != nil {
		return Unchanged, fmt.Errorf("reading the metadata of %s: %w", id, err)
	} else if !ours {
		return Unchanged, fmt.Errorf("%s runs another module, not Threshold's asset canister; refusing to replace it", id)
	}
	if err := ag.InstallCode(ctx, id, agent.ModeUpgrade, canisterWasm, emptyArg); err != nil {
		return Unchanged, fmt.Errorf("upgrading %s to this asset canister: %w", id, err)
	}
	return Upgraded, nil
}

// buildMetadata is the public metadata section buildwasm adds to every
// build of the asset canister.
const buildMetadata = "threshold:build"

// emptyArg is an empty Candid argument list: opt AssetCanisterArgs absent.
var emptyArg = []byte("DIDL\x00\x00")

// Canister is the asset canister id reached through ag, in the shape
// assets/upload talks to.
func Canister(ag *agent.Agent, id principal.Principal) upload.Canister {
	return agentCanister{ag, id}
}

type agentCanister struct {
	ag *agent.Agent
	id principal.Principal
}

func (c agentCanister) Query(ctx context.Context, method string, arg []byte) ([]byte, error) {
	return c.ag.Query(ctx, c.id, method, arg)
}

func (c agentCanister) Call(ctx context.Context, method string, arg []byte) ([]byte, error) {
	return c.ag.Call(ctx, c.id, method, arg, agent.CallOptions{})
}
