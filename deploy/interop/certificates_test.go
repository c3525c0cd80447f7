package interop

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// TestAgentsVerifyCertificates has @icp-sdk/core and @dfinity/agent check
// certificates that Threshold signs: delegated from the root key to a
// subnet with canister ranges, and from the root subnet directly. Tampered,
// stale and out-of-range ones must be refused by both agents, and by
// Threshold's own verifier with the same verdict.
func TestAgentsVerifyCertificates(t *testing.T) {
	now := time.Now()
	n := newTestNet(t, now.Add(-24*time.Hour)) // delegations are long-lived
	inRange, outOfRange := principal.CanisterID(0x20_0005), principal.CanisterID(0x30_0000)
	other := newTestNet(t, now)
	data := []byte("certified data: 32 bytes at most")

	flip := func(b []byte) []byte {
		c := append([]byte(nil), b...)
		c[len(c)-1] ^= 1 // the last byte of the signature
		return c
	}
	forged := n.dataCertificate(t, inRange, data, now, true)
	{ // the delegation of another root, with n's subnet key and id
		c, err := certify.Parse(forged)
		must(t, err)
		c.Delegation = other.delegation
		forged = c.Encode()
	}
	type tc struct {
		name     string
		cert     []byte
		canister principal.Principal
		ok       bool
	}
	cases := []tc{
		{"delegated", n.dataCertificate(t, inRange, data, now, true), inRange, true},
		{"root_subnet", n.dataCertificate(t, inRange, data, now, false), inRange, true},
		{"range_low_edge", n.dataCertificate(t, principal.CanisterID(0x20_0000), data, now, true), principal.CanisterID(0x20_0000), true},
		{"out_of_range", n.dataCertificate(t, outOfRange, data, now, true), outOfRange, false},
		{"tampered_signature", flip(n.dataCertificate(t, inRange, data, now, true)), inRange, false},
		{"stale", n.dataCertificate(t, inRange, data, now.Add(-10*time.Minute), true), inRange, false},
		{"future", n.dataCertificate(t, inRange, data, now.Add(10*time.Minute), true), inRange, false},
		{"foreign_delegation", forged, inRange, false},
	}
	type jsCase struct {
		Name       string `json:"name"`
		CertHex    string `json:"cert_hex"`
		CanisterID string `json:"canister_id"`
	}
	in := struct {
		RootKeyHex string   `json:"root_key_hex"`
		Cases      []jsCase `json:"cases"`
	}{RootKeyHex: hex.EncodeToString(n.rootSK.PublicKey().DER())}
	root, err := certify.ParseRootKey(n.rootSK.PublicKey().DER())
	must(t, err)
	for _, c := range cases {
		in.Cases = append(in.Cases, jsCase{c.name, hex.EncodeToString(c.cert), c.canister.String()})
		cert, err := certify.Parse(c.cert)
		if err == nil {
			_, err = certify.Verify(cert, root, certify.Options{Now: now, CanisterID: c.canister.Bytes()})
		}
		if (err == nil) != c.ok {
			t.Errorf("%s: Threshold's verifier says %v, want ok=%v", c.name, err, c.ok)
		}
	}
	var out struct {
		Results []struct{ Name, Core, Agent string } `json:"results"`
	}
	node(t, "verify-certs.mjs", in, &out)
	if len(out.Results) != len(cases) {
		t.Fatalf("%d results for %d cases", len(out.Results), len(cases))
	}
	for i, r := range out.Results {
		want := cases[i].ok
		for agent, verdict := range map[string]string{"@icp-sdk/core": r.Core, "@dfinity/agent": r.Agent} {
			if (verdict == "ok") != want {
				t.Errorf("%s: %s says %q, want ok=%v", r.Name, agent, verdict, want)
			} else if !want {
				t.Logf("%s: %s refused: %s", r.Name, agent, strings.SplitN(verdict, "\n", 2)[0])
			}
		}
	}
}
