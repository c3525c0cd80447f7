package agent_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"testing"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/agent/agenttest"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

func TestStatusAndFetchedRootKey(t *testing.T) {
	r := agenttest.New(t, agenttest.Options{})
	a, err := agent.New(agent.Config{URL: r.URL, FetchRootKey: true})
	if err != nil {
		t.Fatal(err)
	}
	st, err := a.Status(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(st.RootKey, r.RootKey) || st.HealthStatus != "healthy" || st.ImplVersion != "agenttest" {
		t.Fatalf("status %+v", st)
	}
	// The anonymous agent reads /time with the fetched key.
	cert, err := a.ReadState(ctx(t), principal.CanisterID(7), agent.NewPath("time"))
	if err != nil {
		t.Fatal(err)
	}
	if _, res := cert.Tree.Lookup([]byte("time")); res != hashtree.Found {
		t.Fatalf("/time is %s", res)
	}
}

func TestNewNeedsARootKey(t *testing.T) {
	if _, err := agent.New(agent.Config{URL: "http://127.0.0.1:1"}); !errors.Is(err, agent.ErrNoRootKey) {
		t.Fatalf("err = %v, want ErrNoRootKey", err)
	}
	if _, err := agent.New(agent.Config{URL: "ftp://x", FetchRootKey: true}); err == nil {
		t.Fatal("accepted an ftp URL")
	}
}

// TestReadStateWrongRootKey: a certificate from another network's key is
// refused.
func TestReadStateWrongRootKey(t *testing.T) {
	r := agenttest.New(t, agenttest.Options{})
	other := agenttest.New(t, agenttest.Options{Seed: 9})
	a, err := agent.New(agent.Config{URL: r.URL, RootKey: other.RootKey})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.ReadState(ctx(t), principal.CanisterID(1), agent.NewPath("time"))
	if !errors.Is(err, agent.ErrCertificate) || !errors.Is(err, certify.ErrSignature) {
		t.Fatalf("err = %v, want a signature failure", err)
	}
}

func TestCanisterState(t *testing.T) {
	r, a := setup(t, agenttest.Options{}, nil)
	r.CandidService = "service : { greet : (text) -> (text) query }"
	module := []byte("\x00asm\x01\x00\x00\x00")
	id := r.AddCanister([]principal.Principal{a.Identity().Sender(), principal.Anonymous}, module)
	empty := r.AddCanister([]principal.Principal{a.Identity().Sender()}, nil)

	hash, err := a.CanisterModuleHash(ctx(t), id)
	if want := sha256.Sum256(module); err != nil || !bytes.Equal(hash, want[:]) {
		t.Fatalf("module hash %x, %v", hash, err)
	}
	if hash, err := a.CanisterModuleHash(ctx(t), empty); err != nil || hash != nil {
		t.Fatalf("module hash of an empty canister: %x, %v", hash, err)
	}
	ctl, err := a.CanisterControllers(ctx(t), id)
	if err != nil || len(ctl) != 2 || ctl[0] != a.Identity().Sender() || ctl[1] != principal.Anonymous {
		t.Fatalf("controllers %v, %v", ctl, err)
	}
	md, found, err := a.CanisterMetadata(ctx(t), id, "candid:service")
	if err != nil || !found || string(md) != r.CandidService {
		t.Fatalf("metadata %q %v %v", md, found, err)
	}
	if _, found, err := a.CanisterMetadata(ctx(t), empty, "candid:service"); err != nil || found {
		t.Fatalf("metadata of an empty canister: %v %v", found, err)
	}
}

// TestManagementInterfaceIsACopy keeps ic.did equal to the replica's.
func TestManagementInterfaceIsACopy(t *testing.T) {
	mine, err := os.ReadFile("ic.did")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := os.ReadFile("../../mgmt/ic.did")
	if err != nil {
		t.Fatalf("replica/mgmt/ic.did: %v", err)
	}
	if !bytes.Equal(mine, theirs) {
		t.Fatal("replica/api/agent/ic.did differs from replica/mgmt/ic.did; copy it again")
	}
	if _, err := agent.ManagementInterface(); err != nil {
		t.Fatal(err)
	}
}
