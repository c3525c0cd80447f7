package agent_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/agent/agenttest"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// TestCanisterLifecycle drives the management helpers through create,
// install, status, settings, stop, start and delete.
func TestCanisterLifecycle(t *testing.T) {
	r, a := setup(t, agenttest.Options{}, nil)
	c := ctx(t)
	ecid := principal.CanisterID(0)
	id, err := a.CreateCanister(c, agent.CreateOptions{Cycles: big.NewInt(1e12), EffectiveCanisterID: ecid})
	if err != nil {
		t.Fatal(err)
	}
	module := []byte("\x00asm\x01\x00\x00\x00")
	if err := a.InstallCode(c, id, agent.ModeInstall, module, []byte("DIDL\x00\x00")); err != nil {
		t.Fatal(err)
	}
	st, err := a.CanisterStatus(c, id)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(module)
	if st.Status != "running" || !bytes.Equal(st.ModuleHash, sum[:]) || len(st.Controllers) != 1 ||
		st.Controllers[0] != a.Identity().Sender() || st.Cycles.Cmp(big.NewInt(1e14)) != 0 || st.Version != 1 {
		t.Fatalf("status %+v", st)
	}
	other := principal.Anonymous
	if err := a.UpdateSettings(c, id, agent.Settings{Controllers: []principal.Principal{a.Identity().Sender(), other}}); err != nil {
		t.Fatal(err)
	}
	if ctl, err := a.CanisterControllers(c, id); err != nil || len(ctl) != 2 {
		t.Fatalf("controllers after update_settings: %v %v", ctl, err)
	}
	if err := a.DeleteCanister(c, id); err == nil || !strings.Contains(err.Error(), "must be stopped") {
		t.Fatalf("deleting a running canister: %v", err)
	}
	for _, step := range []func() error{
		func() error { return a.StopCanister(c, id) },
		func() error { return a.StartCanister(c, id) },
		func() error { return a.StopCanister(c, id) },
		func() error { return a.DeleteCanister(c, id) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	_ = r
}

// TestCreateWithSettings: the settings record reaches the replica.
func TestCreateWithSettings(t *testing.T) {
	_, a := setup(t, agenttest.Options{}, nil)
	ctl := []principal.Principal{principal.Anonymous, a.Identity().Sender()}
	id, err := a.CreateCanister(ctx(t), agent.CreateOptions{
		Settings:            &agent.Settings{Controllers: ctl, FreezingThreshold: big.NewInt(100)},
		EffectiveCanisterID: principal.CanisterID(0),
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.CanisterControllers(ctx(t), id)
	if err != nil || len(got) != 2 || got[0] != principal.Anonymous {
		t.Fatalf("controllers %v %v", got, err)
	}
}

// TestInstallChunked: a module over MaxDirectInstall goes through
// upload_chunk and install_chunked_code, and the installed module is the
// whole of it.
func TestInstallChunked(t *testing.T) {
	r, a := setup(t, agenttest.Options{}, nil)
	id := r.AddCanister([]principal.Principal{a.Identity().Sender()}, nil)
	module := bytes.Repeat([]byte("0123456789abcdef"), (agent.MaxDirectInstall+agent.ChunkSize)/16)
	if err := a.InstallCode(ctx(t), id, agent.ModeReinstall, module, nil); err != nil {
		t.Fatal(err)
	}
	hash, err := a.CanisterModuleHash(ctx(t), id)
	if sum := sha256.Sum256(module); err != nil || !bytes.Equal(hash, sum[:]) {
		t.Fatalf("module hash %x %v", hash, err)
	}
	// 3 chunks, install_chunked_code and clear_chunk_store.
	calls := count(r.Paths(), func(p string) bool { return strings.HasSuffix(p, "/call") })
	if calls != 5 {
		t.Errorf("%d calls, want 5", calls)
	}
}

func TestInstallModeUnknown(t *testing.T) {
	_, a := setup(t, agenttest.Options{}, nil)
	err := a.InstallCode(ctx(t), principal.CanisterID(0), agent.InstallMode("replace"), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "unknown install mode") {
		t.Fatalf("err = %v", err)
	}
}

func TestManagementReject(t *testing.T) {
	r, a := setup(t, agenttest.Options{}, nil)
	id := r.AddCanister([]principal.Principal{principal.Anonymous}, nil)
	_, err := a.CanisterStatus(ctx(t), id)
	var rj *agent.RejectError
	if !errors.As(err, &rj) || rj.ErrorCode != "IC0512" {
		t.Fatalf("err = %v, want IC0512", err)
	}
}
