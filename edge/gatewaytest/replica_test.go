package gatewaytest

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

// replica is a real in-process local network (replica/localnet) whose
// application subnet holds the test canisters. Its certificates carry a
// delegation from the NNS's root key, as on the IC, so the verifiers check
// the delegation and the canister ranges too.
type replica struct {
	rootKey []byte // DER
	agent   *agent.Agent
	lowID   principal.Principal // first canister id of the application subnet's range
}

func startReplica(t *testing.T) *replica {
	t.Helper()
	ln, err := localnet.Start(t.Context(), localnet.Options{Dir: t.TempDir()})
	must(t, err)
	t.Cleanup(func() { ln.Close() })
	r := &replica{rootKey: ln.RootKey(), lowID: ln.FirstAppCanister()}
	r.agent, err = ln.Admin()
	must(t, err)
	return r
}

// install creates a canister on the application subnet and installs a
// test canister from replica/testdata/canisters.
func (r *replica) install(t *testing.T, name string) principal.Principal {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	id, err := r.agent.CreateCanister(ctx, agent.CreateOptions{EffectiveCanisterID: r.lowID})
	must(t, err)
	must(t, r.agent.InstallCode(ctx, id, agent.ModeInstall, testCanister(t, name), []byte("DIDL\x00\x00")))
	return id
}

// upgrade reinstalls the same module in upgrade mode.
func (r *replica) upgrade(t *testing.T, id principal.Principal, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	must(t, r.agent.InstallCode(ctx, id, agent.ModeUpgrade, testCanister(t, name), []byte("DIDL\x00\x00")))
}

func testCanister(t *testing.T, name string) []byte {
	t.Helper()
	wasm, err := os.ReadFile(filepath.Join("..", "..", "replica", "testdata", "canisters", name+".wasm"))
	must(t, err)
	return wasm
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
