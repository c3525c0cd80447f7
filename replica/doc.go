// Package replica is a Threshold node: the IC HTTP API, ingress
// validation, execution of canisters on wazero with the System API, the
// management canister, canister state and its persistence.
//
// Its wire types and the Go client that other packages use live in
// replica/api and its subpackages.
package replica
