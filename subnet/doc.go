// Package subnet holds what makes many nodes one subnet: consensus as a
// pure state machine (random beacon, block making, notarization,
// finalization), distributed key generation, node-to-node transport over
// QUIC, and the registry and NNS system canisters.
//
// The threshold cryptography it relies on lives in certify/threshold; see
// DESIGN.md, "One update call, inside a subnet".
package subnet
