package wire

// The converters of the read side: get, get_chunk, list, certified_tree
// and get_asset_properties.

var getArguments = record(
	fieldOf("key", text, func(a *GetArguments) *string { return &a.Key }),
	fieldOf("accept_encodings", vec(text), func(a *GetArguments) *[]string { return &a.AcceptEncodings }),
)

var getResult = record(
	fieldOf("content", blob, func(r *GetResult) *[]byte { return &r.Content }),
	fieldOf("content_type", text, func(r *GetResult) *string { return &r.ContentType }),
	fieldOf("content_encoding", text, func(r *GetResult) *string { return &r.ContentEncoding }),
	fieldOf("sha256", optBlob, func(r *GetResult) *[]byte { return &r.SHA256 }),
	fieldOf("total_length", nat, func(r *GetResult) *uint64 { return &r.TotalLength }),
)

var getChunkArguments = record(
	fieldOf("key", text, func(a *GetChunkArguments) *string { return &a.Key }),
	fieldOf("content_encoding", text, func(a *GetChunkArguments) *string { return &a.ContentEncoding }),
	fieldOf("index", nat, func(a *GetChunkArguments) *uint64 { return &a.Index }),
	fieldOf("sha256", optBlob, func(a *GetChunkArguments) *[]byte { return &a.SHA256 }),
)

var assetEncodingDetails = record(
	fieldOf("content_encoding", text, func(d *AssetEncodingDetails) *string { return &d.ContentEncoding }),
	fieldOf("sha256", optBlob, func(d *AssetEncodingDetails) *[]byte { return &d.SHA256 }),
	fieldOf("length", nat, func(d *AssetEncodingDetails) *uint64 { return &d.Length }),
	fieldOf("modified", timestamp, func(d *AssetEncodingDetails) *int64 { return &d.Modified }),
)

var assetDetails = record(
	fieldOf("key", text, func(d *AssetDetails) *string { return &d.Key }),
	fieldOf("content_type", text, func(d *AssetDetails) *string { return &d.ContentType }),
	fieldOf("encodings", vec(assetEncodingDetails), func(d *AssetDetails) *[]AssetEncodingDetails { return &d.Encodings }),
)

var certifiedTree = record(
	fieldOf("certificate", blob, func(t *CertifiedTree) *[]byte { return &t.Certificate }),
	fieldOf("tree", blob, func(t *CertifiedTree) *[]byte { return &t.Tree }),
)

var assetProperties = record(
	fieldOf("max_age", opt(nat64), func(p *AssetProperties) **uint64 { return &p.MaxAge }),
	fieldOf("headers", opt(headers), func(p *AssetProperties) **[]HeaderField { return &p.Headers }),
	fieldOf("allow_raw_access", opt(boolean), func(p *AssetProperties) **bool { return &p.AllowRawAccess }),
	fieldOf("is_aliased", opt(boolean), func(p *AssetProperties) **bool { return &p.IsAliased }),
)
