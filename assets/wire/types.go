package wire

// The Go forms of the asset canister's Candid types (assets.did in this
// directory). Candid nat fields that count or identify things (batch and
// chunk ids, lengths, indexes) are uint64 here: a decoder refuses a nat
// that does not fit. Candid int Time is nanoseconds since the epoch.

// HeaderField is one HTTP header, record { text; text }.
type HeaderField struct {
	Name, Value string
}

// CreateAssetArguments creates an asset without content.
type CreateAssetArguments struct {
	Key            string
	ContentType    string
	MaxAge         *uint64        // opt nat64
	Headers        *[]HeaderField // opt vec HeaderField
	EnableAliasing *bool          // opt bool
	AllowRawAccess *bool          // opt bool
}

// SetAssetContentArguments sets one encoding of an asset from chunks.
type SetAssetContentArguments struct {
	Key             string
	ContentEncoding string
	ChunkIDs        []uint64
	LastChunk       []byte // opt blob: nil when absent
	SHA256          []byte // opt blob: nil when absent
}

// UnsetAssetContentArguments removes one encoding of an asset.
type UnsetAssetContentArguments struct {
	Key             string
	ContentEncoding string
}

// DeleteAssetArguments deletes an asset.
type DeleteAssetArguments struct {
	Key string
}

// SetAssetPropertiesArguments changes an asset's properties. For each
// field, Set* false leaves the property as it is; Set* true replaces it
// with the value (nil clears it): Candid's opt opt.
type SetAssetPropertiesArguments struct {
	Key string

	SetMaxAge bool
	MaxAge    *uint64

	SetHeaders bool
	Headers    *[]HeaderField

	SetAllowRawAccess bool
	AllowRawAccess    *bool

	SetIsAliased bool
	IsAliased    *bool
}

// BatchOperation is one case of the BatchOperationKind variant: exactly
// one field is set (Clear is a pointer to an empty struct).
type BatchOperation struct {
	CreateAsset        *CreateAssetArguments
	SetAssetContent    *SetAssetContentArguments
	SetAssetProperties *SetAssetPropertiesArguments
	UnsetAssetContent  *UnsetAssetContentArguments
	DeleteAsset        *DeleteAssetArguments
	Clear              *struct{}
}

// CommitBatchArguments commits a batch's operations atomically.
type CommitBatchArguments struct {
	BatchID    uint64
	Operations []BatchOperation
}

// CommitProposedBatchArguments commits a proposed batch given its evidence.
type CommitProposedBatchArguments struct {
	BatchID  uint64
	Evidence []byte
}

// ComputeEvidenceArguments asks for a proposed batch's evidence.
type ComputeEvidenceArguments struct {
	BatchID       uint64
	MaxIterations *uint16
}

// DeleteBatchArguments deletes a batch and its chunks.
type DeleteBatchArguments struct {
	BatchID uint64
}

// CreateChunkArguments adds one chunk to a batch.
type CreateChunkArguments struct {
	BatchID uint64
	Content []byte
}

// CreateChunksArguments adds several chunks to a batch.
type CreateChunksArguments struct {
	BatchID uint64
	Content [][]byte
}

// StoreArguments stores a whole asset encoding in one call.
type StoreArguments struct {
	Key             string
	ContentType     string
	ContentEncoding string
	Content         []byte
	SHA256          []byte // opt blob
}

// GetArguments asks for an asset in the first acceptable encoding.
type GetArguments struct {
	Key             string
	AcceptEncodings []string
}

// GetResult is the first chunk of an asset encoding.
type GetResult struct {
	Content         []byte
	ContentType     string
	ContentEncoding string
	SHA256          []byte // opt blob
	TotalLength     uint64
}

// GetChunkArguments asks for one chunk of an asset encoding.
type GetChunkArguments struct {
	Key             string
	ContentEncoding string
	Index           uint64
	SHA256          []byte // opt blob
}

// AssetEncodingDetails describes one encoding in a list answer.
type AssetEncodingDetails struct {
	ContentEncoding string
	SHA256          []byte // opt blob
	Length          uint64
	Modified        int64 // Time, ns since the epoch
}

// AssetDetails is one entry of a list answer.
type AssetDetails struct {
	Key         string
	ContentType string
	Encodings   []AssetEncodingDetails
}

// CertifiedTree is certified_tree's answer.
type CertifiedTree struct {
	Certificate []byte
	Tree        []byte
}

// AssetProperties is get_asset_properties's answer.
type AssetProperties struct {
	MaxAge         *uint64
	Headers        *[]HeaderField
	AllowRawAccess *bool
	IsAliased      *bool
}

// HTTPRequest is the gateway's request.
type HTTPRequest struct {
	Method             string
	URL                string
	Headers            []HeaderField
	Body               []byte
	CertificateVersion *uint16
}

// StreamingCallbackToken names the next chunk of a streamed body.
type StreamingCallbackToken struct {
	Key             string
	ContentEncoding string
	Index           uint64
	SHA256          []byte // opt blob
}

// HTTPResponse is the canister's answer to http_request. A non-nil
// StreamingToken makes it a streamed answer whose callback is the
// canister's http_request_streaming_callback (Callback holds the
// canister's principal).
type HTTPResponse struct {
	StatusCode     uint16
	Headers        []HeaderField
	Body           []byte
	StreamingToken *StreamingCallbackToken
	Callback       []byte // principal of the callback's service
	Upgrade        *bool
}

// StreamingCallbackHTTPResponse is one further chunk; Token is nil on the
// last one.
type StreamingCallbackHTTPResponse struct {
	Body  []byte
	Token *StreamingCallbackToken
}

// Permission is a variant { Commit; ManagePermissions; Prepare }.
type Permission uint8

// The permissions.
const (
	PermissionCommit Permission = iota + 1
	PermissionManagePermissions
	PermissionPrepare
)

// GrantPermission grants a permission to a principal.
type GrantPermission struct {
	ToPrincipal []byte
	Permission  Permission
}

// RevokePermission revokes a permission of a principal.
type RevokePermission struct {
	OfPrincipal []byte
	Permission  Permission
}

// ListPermitted asks who holds a permission.
type ListPermitted struct {
	Permission Permission
}

// SetPermissions lists the principals granted each permission.
type SetPermissions struct {
	Prepare           [][]byte
	Commit            [][]byte
	ManagePermissions [][]byte
}

// CanisterArgs is the install argument, opt AssetCanisterArgs: nil when
// absent; otherwise exactly one of Init or Upgrade is set.
type CanisterArgs struct {
	Init    *InitArgs
	Upgrade *UpgradeArgs
}

// InitArgs is AssetCanisterArgs.Init.
type InitArgs struct {
	SetPermissions *SetPermissions
}

// UpgradeArgs is AssetCanisterArgs.Upgrade.
type UpgradeArgs struct {
	SetPermissions *SetPermissions
}

// ConfigurationResponse is get_configuration's answer.
type ConfigurationResponse struct {
	MaxBatches, MaxChunks, MaxBytes *uint64
}

// ConfigureArguments changes the limits (opt opt nat64 each, as in
// SetAssetPropertiesArguments).
type ConfigureArguments struct {
	SetMaxBatches bool
	MaxBatches    *uint64
	SetMaxChunks  bool
	MaxChunks     *uint64
	SetMaxBytes   bool
	MaxBytes      *uint64
}

// ValidationResult is variant { Ok : text; Err : text }.
type ValidationResult struct {
	OK  bool
	Msg string
}
