package wire

import "github.com/threshold-ic/threshold/replica/api/candid"

// The converters of the asset operations: the arguments of create_asset,
// set_asset_content, unset_asset_content, delete_asset, clear and
// set_asset_properties, and the BatchOperationKind variant that carries
// them in a batch.

// headerField is record { text; text }: a tuple, fields 0 and 1.
var headerField = conv[HeaderField]{
	typ: candid.Tuple(candid.Text, candid.Text),
	enc: func(h *HeaderField) (candid.Value, error) {
		return candid.TupleValue(candid.TextValue(h.Name), candid.TextValue(h.Value)), nil
	},
	dec: func(v candid.Value, h *HeaderField) error {
		fs := v.Fields()
		if len(fs) != 2 || fs[0].ID != 0 || fs[1].ID != 1 {
			return valuef("a header is not a pair of texts")
		}
		if err := text.dec(fs[0].Value, &h.Name); err != nil {
			return err
		}
		return text.dec(fs[1].Value, &h.Value)
	},
}

var headers = vec(headerField)

// unit is record {}, the argument of clear and list and the Clear case.
var unit = record[struct{}]()

var createAssetArguments = record(
	fieldOf("key", text, func(a *CreateAssetArguments) *string { return &a.Key }),
	fieldOf("content_type", text, func(a *CreateAssetArguments) *string { return &a.ContentType }),
	fieldOf("max_age", opt(nat64), func(a *CreateAssetArguments) **uint64 { return &a.MaxAge }),
	fieldOf("headers", opt(headers), func(a *CreateAssetArguments) **[]HeaderField { return &a.Headers }),
	fieldOf("enable_aliasing", opt(boolean), func(a *CreateAssetArguments) **bool { return &a.EnableAliasing }),
	fieldOf("allow_raw_access", opt(boolean), func(a *CreateAssetArguments) **bool { return &a.AllowRawAccess }),
)

var setAssetContentArguments = record(
	fieldOf("key", text, func(a *SetAssetContentArguments) *string { return &a.Key }),
	fieldOf("content_encoding", text, func(a *SetAssetContentArguments) *string { return &a.ContentEncoding }),
	fieldOf("chunk_ids", vec(nat), func(a *SetAssetContentArguments) *[]uint64 { return &a.ChunkIDs }),
	fieldOf("last_chunk", optBlob, func(a *SetAssetContentArguments) *[]byte { return &a.LastChunk }),
	fieldOf("sha256", optBlob, func(a *SetAssetContentArguments) *[]byte { return &a.SHA256 }),
)

var unsetAssetContentArguments = record(
	fieldOf("key", text, func(a *UnsetAssetContentArguments) *string { return &a.Key }),
	fieldOf("content_encoding", text, func(a *UnsetAssetContentArguments) *string { return &a.ContentEncoding }),
)

var deleteAssetArguments = record(
	fieldOf("key", text, func(a *DeleteAssetArguments) *string { return &a.Key }),
)

var setAssetPropertiesArguments = record(
	fieldOf("key", text, func(a *SetAssetPropertiesArguments) *string { return &a.Key }),
	optOpt("max_age", nat64,
		func(a *SetAssetPropertiesArguments) *bool { return &a.SetMaxAge },
		func(a *SetAssetPropertiesArguments) **uint64 { return &a.MaxAge }),
	optOpt("headers", headers,
		func(a *SetAssetPropertiesArguments) *bool { return &a.SetHeaders },
		func(a *SetAssetPropertiesArguments) **[]HeaderField { return &a.Headers }),
	optOpt("allow_raw_access", boolean,
		func(a *SetAssetPropertiesArguments) *bool { return &a.SetAllowRawAccess },
		func(a *SetAssetPropertiesArguments) **bool { return &a.AllowRawAccess }),
	optOpt("is_aliased", boolean,
		func(a *SetAssetPropertiesArguments) *bool { return &a.SetIsAliased },
		func(a *SetAssetPropertiesArguments) **bool { return &a.IsAliased }),
)

var batchOperation = variant(
	altOf("CreateAsset", createAssetArguments, func(o *BatchOperation) **CreateAssetArguments { return &o.CreateAsset }),
	altOf("SetAssetContent", setAssetContentArguments, func(o *BatchOperation) **SetAssetContentArguments { return &o.SetAssetContent }),
	altOf("SetAssetProperties", setAssetPropertiesArguments, func(o *BatchOperation) **SetAssetPropertiesArguments { return &o.SetAssetProperties }),
	altOf("UnsetAssetContent", unsetAssetContentArguments, func(o *BatchOperation) **UnsetAssetContentArguments { return &o.UnsetAssetContent }),
	altOf("DeleteAsset", deleteAssetArguments, func(o *BatchOperation) **DeleteAssetArguments { return &o.DeleteAsset }),
	altOf("Clear", unit, func(o *BatchOperation) **struct{} { return &o.Clear }),
)
