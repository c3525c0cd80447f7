//go:build wasip1

// Command canister is the asset canister: assets/store behind the IC's
// System API, compiled with GOOS=wasip1 by assets/internal/buildwasm into
// assets/canister.wasm.
//
// Each entry point is a //go:wasmexport function named
// "canister_query.<method>" or "canister_update.<method>"; buildwasm
// renames them to the IC's "canister_query <method>". Errors reject the
// message (the store leaves its state unchanged on error); a Go panic
// reaches the replica as a trap, which rolls the message back.
package main

import (
	"github.com/threshold-ic/threshold/assets/store"
)

// st is the canister's state: it lives in the Go heap, which is the
// canister's wasm memory and persists between messages by itself.
var st = store.New()

func main() {}

func query(method string) {
	out, err := st.Query(env{}, method, argData())
	if err != nil {
		reject(err.Error())
		return
	}
	reply(out)
}

func update(method string) {
	out, err := st.Update(env{}, method, argData())
	if err != nil {
		reject(err.Error())
		return
	}
	reply(out)
}

//go:wasmexport canister_init
func canisterInit() {
	if err := st.Init(env{}, argData()); err != nil {
		trapf("asset canister init: " + err.Error())
	}
}

//go:wasmexport canister_pre_upgrade
func canisterPreUpgrade() {
	if err := saveStable(st.Save); err != nil {
		trapf("asset canister pre_upgrade: " + err.Error())
	}
}

//go:wasmexport canister_post_upgrade
func canisterPostUpgrade() {
	r, ok := stableReader()
	if !ok {
		// Upgraded from a module that saved nothing: start empty, as
		// after an install.
		if err := st.Init(env{}, argData()); err != nil {
			trapf("asset canister post_upgrade: " + err.Error())
		}
		return
	}
	restored, err := store.Restore(env{}, r, argData())
	if err != nil {
		trapf("asset canister post_upgrade: " + err.Error())
	}
	st = restored
}

//go:wasmexport canister_inspect_message
func canisterInspectMessage() {
	name := string(copied(msgMethodNameSize(), msgMethodNameCopy))
	if err := st.Inspect(env{}, name, argData()); err != nil {
		trapf(err.Error())
		return
	}
	acceptMessage()
}

// Queries.

//go:wasmexport canister_query.api_version
func apiVersion() { query("api_version") }

//go:wasmexport canister_query.get
func get() { query("get") }

//go:wasmexport canister_query.get_chunk
func getChunk() { query("get_chunk") }

//go:wasmexport canister_query.list
func list() { query("list") }

//go:wasmexport canister_query.certified_tree
func certifiedTree() { query("certified_tree") }

//go:wasmexport canister_query.http_request
func httpRequest() { query("http_request") }

//go:wasmexport canister_query.http_request_streaming_callback
func httpRequestStreamingCallback() { query("http_request_streaming_callback") }

//go:wasmexport canister_query.get_asset_properties
func getAssetProperties() { query("get_asset_properties") }

// Updates.

//go:wasmexport canister_update.create_batch
func createBatch() { update("create_batch") }

//go:wasmexport canister_update.create_chunk
func createChunk() { update("create_chunk") }

//go:wasmexport canister_update.create_chunks
func createChunks() { update("create_chunks") }

//go:wasmexport canister_update.commit_batch
func commitBatch() { update("commit_batch") }

//go:wasmexport canister_update.propose_commit_batch
func proposeCommitBatch() { update("propose_commit_batch") }

//go:wasmexport canister_update.commit_proposed_batch
func commitProposedBatch() { update("commit_proposed_batch") }

//go:wasmexport canister_update.compute_evidence
func computeEvidence() { update("compute_evidence") }

//go:wasmexport canister_update.delete_batch
func deleteBatch() { update("delete_batch") }

//go:wasmexport canister_update.create_asset
func createAsset() { update("create_asset") }

//go:wasmexport canister_update.set_asset_content
func setAssetContent() { update("set_asset_content") }

//go:wasmexport canister_update.unset_asset_content
func unsetAssetContent() { update("unset_asset_content") }

//go:wasmexport canister_update.delete_asset
func deleteAsset() { update("delete_asset") }

//go:wasmexport canister_update.clear
func clear() { update("clear") }

//go:wasmexport canister_update.store
func storeAsset() { update("store") }

//go:wasmexport canister_update.authorize
func authorize() { update("authorize") }

//go:wasmexport canister_update.deauthorize
func deauthorize() { update("deauthorize") }

//go:wasmexport canister_update.list_authorized
func listAuthorized() { update("list_authorized") }

//go:wasmexport canister_update.grant_permission
func grantPermission() { update("grant_permission") }

//go:wasmexport canister_update.revoke_permission
func revokePermission() { update("revoke_permission") }

//go:wasmexport canister_update.list_permitted
func listPermitted() { update("list_permitted") }

//go:wasmexport canister_update.take_ownership
func takeOwnership() { update("take_ownership") }

//go:wasmexport canister_update.set_asset_properties
func setAssetProperties() { update("set_asset_properties") }

//go:wasmexport canister_update.get_configuration
func getConfiguration() { update("get_configuration") }

//go:wasmexport canister_update.configure
func configure() { update("configure") }

//go:wasmexport canister_update.validate_grant_permission
func validateGrantPermission() { update("validate_grant_permission") }

//go:wasmexport canister_update.validate_revoke_permission
func validateRevokePermission() { update("validate_revoke_permission") }

//go:wasmexport canister_update.validate_take_ownership
func validateTakeOwnership() { update("validate_take_ownership") }

//go:wasmexport canister_update.validate_commit_proposed_batch
func validateCommitProposedBatch() { update("validate_commit_proposed_batch") }

//go:wasmexport canister_update.validate_configure
func validateConfigure() { update("validate_configure") }
