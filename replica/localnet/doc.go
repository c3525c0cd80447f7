// Package localnet runs a whole local Internet Computer in one process:
// an NNS (system) subnet whose key is the root key and an application
// subnet whose certificates carry the NNS's delegation, one node each,
// served over the IC HTTP API on 127.0.0.1 with a router that sends each
// request to the subnet hosting its canister, as API boundary nodes do.
//
// Its secrets (threshold key dealings and shares, consensus and node keys)
// are made once and kept in DIR/genesis.json; the subnets' state is kept
// under DIR and resumed on the next start. DIR/network.json tells tools
// and tests where everything is. `threshold up` is a thin command around
// Start; tests start networks with it in-process.
package localnet
