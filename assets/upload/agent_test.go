package upload

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/agent/agenttest"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// agentCanister is the Canister of a canister reached through an agent,
// as the command wires it (package assets' Canister).
type agentCanister struct {
	a  *agent.Agent
	id principal.Principal
}

func (c agentCanister) Query(ctx context.Context, method string, arg []byte) ([]byte, error) {
	return c.a.Query(ctx, c.id, method, arg)
}

func (c agentCanister) Call(ctx context.Context, method string, arg []byte) ([]byte, error) {
	return c.a.Call(ctx, c.id, method, arg, agent.CallOptions{})
}

// TestAgentErrorsRetryable runs an agent against agenttest's fake
// replica, whose canisters echo their argument and reject the method
// "reject" (code 4): the errors a real agent returns are classified as the
// retry policy says.
func TestAgentErrorsRetryable(t *testing.T) {
	r := agenttest.New(t, agenttest.Options{})
	id, err := identity.Generate(identity.Ed25519, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	a, err := agent.New(agent.Config{URL: r.URL, Identity: id, RootKey: r.RootKey})
	if err != nil {
		t.Fatal(err)
	}
	cid := r.AddCanister([]principal.Principal{id.Sender()}, []byte("\x00asm\x01\x00\x00\x00"))
	var c Canister = agentCanister{a, cid}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	arg := []byte("DIDL\x00\x00")
	if got, err := c.Query(ctx, "list", arg); err != nil || !bytes.Equal(got, arg) {
		t.Errorf("Query: %x, %v; want the echo", got, err)
	}
	if got, err := c.Call(ctx, "create_batch", arg); err != nil || !bytes.Equal(got, arg) {
		t.Errorf("Call: %x, %v; want the echo", got, err)
	}
	_, err = c.Call(ctx, "reject", arg)
	var rej *agent.RejectError
	if !errors.As(err, &rej) || rej.Code != 4 || DefaultRetryable(err) {
		t.Errorf("Call of reject: %v; want a CANISTER_REJECT that is not retried", err)
	}
	r.Lock()
	r.TamperCert = true
	r.Unlock()
	_, err = c.Call(ctx, "create_batch", arg)
	if !errors.Is(err, agent.ErrCertificate) || DefaultRetryable(err) {
		t.Errorf("Call with a bad certificate: %v; want ErrCertificate, not retried", err)
	}
}
