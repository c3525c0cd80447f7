package localnet

import (
	"context"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// helloWasm is the demo canister: the Motoko canister of
// replica/testdata/canisters/certified_http.mo, which serves a few pages
// certified with HTTP certification v2 (deploy/interop/build-canisters.mjs
// writes this copy).
//
//go:embed hello.wasm
var helloWasm []byte

// DemoName is the demo canister's name in network.json.
const DemoName = "hello"

// RootKey is the network's DER root key.
func (ln *Network) RootKey() []byte {
	b, _ := hex.DecodeString(ln.file.RootKey)
	return b
}

// FirstAppCanister is the first canister id of the application subnet:
// the effective canister id that creates canisters there.
func (ln *Network) FirstAppCanister() principal.Principal {
	for _, s := range ln.subnets {
		if s.info.Kind == "application" {
			return s.info.Ranges[0].Low
		}
	}
	return principal.Principal{}
}

// Admin returns an agent for the network's routed API that signs with the
// network's identity (the controller of the canisters `up` installs) and
// checks certificates against the root key.
func (ln *Network) Admin() (*agent.Agent, error) {
	pem, err := os.ReadFile(ln.file.IdentityPEM)
	if err != nil {
		return nil, err
	}
	id, err := identity.ParsePEM(pem)
	if err != nil {
		return nil, err
	}
	return agent.New(agent.Config{URL: ln.APIURL, Identity: id, RootKey: ln.RootKey()})
}

// InstallDemo makes sure the demo canister runs on the application subnet,
// controlled by the network's identity, and records it in network.json.
// It does nothing if network.json already names one that exists.
func (ln *Network) InstallDemo(ctx context.Context) (principal.Principal, error) {
	ag, err := ln.Admin()
	if err != nil {
		return principal.Principal{}, err
	}
	if text, ok := ln.file.Canisters[DemoName]; ok {
		if cid, err := principal.Parse(text); err == nil {
			if h, err := ag.CanisterModuleHash(ctx, cid); err == nil && h != nil {
				return cid, nil
			}
		}
	}
	cid, err := ag.CreateCanister(ctx, agent.CreateOptions{EffectiveCanisterID: ln.FirstAppCanister()})
	if err != nil {
		return cid, fmt.Errorf("creating the demo canister: %w", err)
	}
	if err := ag.InstallCode(ctx, cid, agent.ModeInstall, helloWasm, []byte("DIDL\x00\x00")); err != nil {
		return cid, fmt.Errorf("installing the demo canister: %w", err)
	}
	return cid, ln.SetCanister(DemoName, cid.String())
}
