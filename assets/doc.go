// Package assets is Threshold's certified asset canister and what puts a
// folder on it.
//
// The canister is Go: assets/store holds its logic (batches, permissions,
// HTTP answers certified with v1 and v2), assets/canister binds it to the
// System API, and assets/internal/buildwasm compiles it with Go's wasip1
// port into canister.wasm, which this package embeds. Its interface is
// DFINITY's assetstorage.did (assets/wire), so @dfinity/assets, icx-asset
// and dfx talk to it unchanged.
//
// assets/upload syncs a folder into a canister; Install puts the module on
// a canister (installing, or upgrading an older module while keeping the
// content in stable memory). `threshold assets sync` is the command.
package assets
