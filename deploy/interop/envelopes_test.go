package interop

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

type envelopeCases struct {
	NowMS int64 `json:"now_ms"`
	Cases []struct {
		Agent     string `json:"agent"`
		Identity  string `json:"identity"`
		Request   string `json:"request"`
		Path      string `json:"path"`
		Sender    string `json:"sender"`
		BodyHex   string `json:"body_hex"`
		RequestID string `json:"request_id_hex"`
	} `json:"cases"`
}

// TestAgentEnvelopes decodes the envelopes that @icp-sdk/core and
// @dfinity/agent send (Ed25519, secp256k1, ECDSA P-256, a two-level
// delegation chain with targets, anonymous), checks the request id the
// agent computed, and authenticates them as a replica would
// (https-interface.md § Authentication). A flipped signature byte must then
// fail authentication.
func TestAgentEnvelopes(t *testing.T) {
	var in envelopeCases
	node(t, "envelopes.mjs", nil, &in)
	if len(in.Cases) < 20 {
		t.Fatalf("only %d cases", len(in.Cases))
	}
	now := time.UnixMilli(in.NowMS)
	for _, c := range in.Cases {
		t.Run(c.Agent+"/"+c.Identity+"/"+c.Request, func(t *testing.T) {
			body, err := hex.DecodeString(c.BodyHex)
			if err != nil {
				t.Fatal(err)
			}
			env, err := envelope.Decode(body)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if got := env.Content.RequestID(); hex.EncodeToString(got[:]) != c.RequestID {
				t.Fatalf("request id %x, agent says %s", got, c.RequestID)
			}
			parts := strings.Split(c.Path, "/") // /api/vN/canister/<ecid>/<kind>
			ecid, err := principal.Parse(parts[4])
			if err != nil {
				t.Fatal(err)
			}
			kind := map[string]envelope.RequestType{"call": envelope.Call, "query": envelope.Query, "read_state": envelope.ReadState}[parts[5]]
			res, err := envelope.Verify(env, envelope.Options{Now: now, Endpoint: kind, EffectiveCanisterID: ecid})
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if res.Sender.String() != c.Sender {
				t.Fatalf("sender %s, agent says %s", res.Sender, c.Sender)
			}
			if c.Identity == "anonymous" {
				return
			}
			// Tamper: the last byte of sender_sig.
			env2, _ := envelope.Decode(body)
			sig := append([]byte(nil), env2.SenderSig...)
			sig[len(sig)-1] ^= 1
			env2.SenderSig = sig
			_, err = envelope.Verify(env2, envelope.Options{Now: now, Endpoint: kind, EffectiveCanisterID: ecid})
			var e *envelope.Error
			if !errors.As(err, &e) || e.Status != 403 {
				t.Fatalf("tampered signature: %v, want a 403", err)
			}
			// Too late: the agents set expiry to now + 5 minutes or less.
			if _, err := envelope.Verify(env, envelope.Options{Now: now.Add(6 * time.Minute), Endpoint: kind, EffectiveCanisterID: ecid}); err == nil {
				t.Fatal("accepted after its ingress expiry")
			}
		})
	}
}
