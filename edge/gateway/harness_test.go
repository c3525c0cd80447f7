package gateway

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/localnet"
)

// replica is a real in-process local network (replica/localnet): an NNS
// and an application subnet, served on 127.0.0.1 behind its routed API.
type replica struct {
	url     string // the network's routed API
	rootKey []byte
	admin   *agent.Agent        // signs as the canisters' controller
	appLow  principal.Principal // first canister id of the application subnet
}

func startReplica(t testing.TB) *replica {
	t.Helper()
	ln, err := localnet.Start(t.Context(), localnet.Options{Dir: t.TempDir()})
	must(t, err)
	t.Cleanup(func() { ln.Close() })
	r := &replica{url: ln.APIURL, rootKey: ln.RootKey(), appLow: ln.FirstAppCanister()}
	r.admin, err = ln.Admin()
	must(t, err)
	return r
}

// install creates a canister on the application subnet and installs the
// named test wasm, or skips the test when the wasm has not been built yet.
func (r *replica) install(t testing.TB, name string) principal.Principal {
	t.Helper()
	wasm, err := os.ReadFile(filepath.Join("..", "..", "replica", "testdata", "canisters", name+".wasm"))
	must(t, err) // the test canisters are committed: a missing one is a failure
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	id, err := r.admin.CreateCanister(ctx, agent.CreateOptions{EffectiveCanisterID: r.appLow})
	must(t, err)
	must(t, r.admin.InstallCode(ctx, id, agent.ModeInstall, wasm, []byte("DIDL\x00\x00")))
	return id
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
