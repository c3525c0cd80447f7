// Package dns is Threshold's authoritative DNS server: apex and canister
// names, edge PoP selection, _canister-id records for custom domains and
// ACME DNS-01 answers, with zone data from the registry.
//
// It arrives with the DNS issue; see DESIGN.md, "The package map".
package dns
