// Package assets is the certified asset canister (Go compiled to wasm) and
// the client that syncs a folder into it, compatible with DFINITY's
// assetstorage.did interface.
//
// It arrives with the assets issue; see DESIGN.md, "The package map".
package assets
