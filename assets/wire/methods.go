package wire

// The methods of assets.did, in its order. Results that are records of one
// field (record { batch_id : BatchId }) are the field's Go value.
var (
	APIVersionMethod    = newQuery("api_version", none, one(nat16))
	GetMethod           = newQuery("get", one(getArguments), one(getResult))
	GetChunkMethod      = newQuery("get_chunk", one(getChunkArguments), one(wrap("content", blob)))
	ListMethod          = newQuery("list", one(unit), one(vec(assetDetails)))
	CertifiedTreeMethod = newQuery("certified_tree", one(unit), one(certifiedTree))

	CreateBatchMethod         = newUpdate("create_batch", one(unit), one(batchID))
	CreateChunkMethod         = newUpdate("create_chunk", one(createChunkArguments), one(wrap("chunk_id", nat)))
	CreateChunksMethod        = newUpdate("create_chunks", one(createChunksArguments), one(wrap("chunk_ids", vec(nat))))
	CommitBatchMethod         = newUpdate("commit_batch", one(commitBatchArguments), none)
	ProposeCommitBatchMethod  = newUpdate("propose_commit_batch", one(commitBatchArguments), none)
	CommitProposedBatchMethod = newUpdate("commit_proposed_batch", one(commitProposedBatchArguments), none)
	// ComputeEvidenceMethod's result is opt blob: nil while the evidence
	// is still being computed.
	ComputeEvidenceMethod = newUpdate("compute_evidence", one(computeEvidenceArguments), one(optBlob))
	DeleteBatchMethod     = newUpdate("delete_batch", one(deleteBatchArguments), none)

	CreateAssetMethod       = newUpdate("create_asset", one(createAssetArguments), none)
	SetAssetContentMethod   = newUpdate("set_asset_content", one(setAssetContentArguments), none)
	UnsetAssetContentMethod = newUpdate("unset_asset_content", one(unsetAssetContentArguments), none)
	DeleteAssetMethod       = newUpdate("delete_asset", one(deleteAssetArguments), none)
	ClearMethod             = newUpdate("clear", one(unit), none)
	StoreMethod             = newUpdate("store", one(storeArguments), none)

	HTTPRequestMethod = newQuery("http_request", one(httpRequest), withFast(one(httpResponse), appendHTTPResponse))
	// HTTPRequestStreamingCallbackMethod's result is nil when there is
	// no such chunk.
	HTTPRequestStreamingCallbackMethod = newQuery("http_request_streaming_callback",
		one(streamingCallbackToken), one(opt(streamingCallbackHTTPResponse)))

	AuthorizeMethod        = newUpdate("authorize", one(principalID), none)
	DeauthorizeMethod      = newUpdate("deauthorize", one(principalID), none)
	ListAuthorizedMethod   = newUpdate("list_authorized", none, one(principals))
	GrantPermissionMethod  = newUpdate("grant_permission", one(grantPermission), none)
	RevokePermissionMethod = newUpdate("revoke_permission", one(revokePermission), none)
	ListPermittedMethod    = newUpdate("list_permitted", one(listPermitted), one(principals))
	TakeOwnershipMethod    = newUpdate("take_ownership", none, none)

	GetAssetPropertiesMethod = newQuery("get_asset_properties", one(text), one(assetProperties))
	SetAssetPropertiesMethod = newUpdate("set_asset_properties", one(setAssetPropertiesArguments), none)

	GetConfigurationMethod = newUpdate("get_configuration", none, one(configurationResponse))
	ConfigureMethod        = newUpdate("configure", one(configureArguments), none)

	ValidateGrantPermissionMethod     = newUpdate("validate_grant_permission", one(grantPermission), one(validationResult))
	ValidateRevokePermissionMethod    = newUpdate("validate_revoke_permission", one(revokePermission), one(validationResult))
	ValidateTakeOwnershipMethod       = newUpdate("validate_take_ownership", none, one(validationResult))
	ValidateCommitProposedBatchMethod = newUpdate("validate_commit_proposed_batch", one(commitProposedBatchArguments), one(validationResult))
	ValidateConfigureMethod           = newUpdate("validate_configure", one(configureArguments), one(validationResult))
)

// all lists every method; the tests check it against assets.did.
var all = []described{
	APIVersionMethod, GetMethod, GetChunkMethod, ListMethod, CertifiedTreeMethod,
	CreateBatchMethod, CreateChunkMethod, CreateChunksMethod, CommitBatchMethod,
	ProposeCommitBatchMethod, CommitProposedBatchMethod, ComputeEvidenceMethod, DeleteBatchMethod,
	CreateAssetMethod, SetAssetContentMethod, UnsetAssetContentMethod, DeleteAssetMethod, ClearMethod, StoreMethod,
	HTTPRequestMethod, HTTPRequestStreamingCallbackMethod,
	AuthorizeMethod, DeauthorizeMethod, ListAuthorizedMethod, GrantPermissionMethod, RevokePermissionMethod,
	ListPermittedMethod, TakeOwnershipMethod,
	GetAssetPropertiesMethod, SetAssetPropertiesMethod, GetConfigurationMethod, ConfigureMethod,
	ValidateGrantPermissionMethod, ValidateRevokePermissionMethod, ValidateTakeOwnershipMethod,
	ValidateCommitProposedBatchMethod, ValidateConfigureMethod,
}
