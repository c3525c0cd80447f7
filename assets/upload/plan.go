package upload

import (
	"bytes"
	"cmp"
	"slices"
	"strings"

	"github.com/threshold-ic/threshold/assets/wire"
)

// Current is what the canister holds: list's answer, and
// get_asset_properties' answers for the assets that exist in both the
// canister and the site.
type Current struct {
	Assets []wire.AssetDetails
	// Properties by key. An asset missing here has unknown properties:
	// the plan sets them all.
	Properties map[string]wire.AssetProperties
}

// Plan is what a sync must do: the operations of one commit_batch, in the
// order they are applied, and what they amount to.
type Plan struct {
	// Operations in commit order: deletions, creations, removed
	// encodings, new contents, property changes; within each group by
	// key (and encoding name).
	Operations []Operation
	// Assets created (new keys), updated (any operation on an existing
	// key, including a recreation because the content type changed),
	// deleted (keys no longer in the folder) and unchanged.
	Created, Updated, Deleted, Unchanged int
}

// Operation is one batch operation. For SetAssetContent, Content is the
// encoding's bytes (nil until Sync compresses them when the encoding's
// SHA-256 came from the compression cache) and Length their length; the
// operation's chunk ids are filled in once they are uploaded.
type Operation struct {
	wire.BatchOperation
	Content []byte
	Length  int64

	enc *Encoding // the site's encoding it sets (its Content is made from it when lazy)
}

// size is the content's length: Content's, or Length before it is made.
func (op *Operation) size() int64 {
	if op.Content == nil {
		return op.Length
	}
	return int64(len(op.Content))
}

// Empty reports whether there is nothing to do.
func (p *Plan) Empty() bool { return len(p.Operations) == 0 }

// ContentBytes is the number of content bytes to upload.
func (p *Plan) ContentBytes() int64 {
	var n int64
	for i := range p.Operations {
		n += p.Operations[i].size()
	}
	return n
}

// Encodings is the number of encodings to upload.
func (p *Plan) Encodings() int {
	n := 0
	for _, op := range p.Operations {
		if op.SetAssetContent != nil {
			n++
		}
	}
	return n
}

// MakePlan compares a site with what the canister holds. It is a pure
// function of its arguments (the plan refers to the site's encodings, so
// that Sync can compress the lazy ones it uploads).
//
//   - A key the canister lacks: CreateAsset with the properties, then
//     SetAssetContent for every encoding.
//   - A key whose content type changed: DeleteAsset, then as if new (the
//     canister cannot change an asset's content type).
//   - A key in both: UnsetAssetContent for each encoding the canister has
//     and the site no longer wants; SetAssetContent for each encoding the
//     canister lacks or holds with another SHA-256 (or none);
//     SetAssetProperties for the properties that differ.
//   - A key only the canister has: DeleteAsset.
func MakePlan(site *Site, current Current) *Plan {
	p := &Plan{}
	local := map[string]*Asset{}
	for _, a := range site.Assets {
		local[a.Key] = a
	}
	remote := map[string]*wire.AssetDetails{}
	canister := slices.Clone(current.Assets)
	slices.SortFunc(canister, func(a, b wire.AssetDetails) int { return strings.Compare(a.Key, b.Key) })
	var del, create, unset, set, props []Operation
	for i := range canister {
		c := &canister[i]
		remote[c.Key] = c
		a := local[c.Key]
		if a == nil {
			p.Deleted++
		}
		if a == nil || a.ContentType != c.ContentType {
			del = append(del, Operation{BatchOperation: wire.BatchOperation{DeleteAsset: &wire.DeleteAssetArguments{Key: c.Key}}})
		}
	}
	for _, a := range sortedAssets(site.Assets) {
		c := remote[a.Key]
		if c == nil || c.ContentType != a.ContentType {
			create = append(create, createOp(a))
			for i := range a.Encodings {
				set = append(set, setOp(a.Key, &a.Encodings[i]))
			}
			if c == nil {
				p.Created++
			} else {
				p.Updated++
			}
			continue
		}
		n := len(unset) + len(set) + len(props)
		for _, e := range sortedEncodings(c.Encodings) {
			if a.encoding(e.ContentEncoding) == nil {
				unset = append(unset, Operation{BatchOperation: wire.BatchOperation{UnsetAssetContent: &wire.UnsetAssetContentArguments{
					Key: a.Key, ContentEncoding: e.ContentEncoding}}})
			}
		}
		for j := range a.Encodings {
			e := &a.Encodings[j]
			i := slices.IndexFunc(c.Encodings, func(d wire.AssetEncodingDetails) bool { return d.ContentEncoding == e.Name })
			if i < 0 || !bytes.Equal(c.Encodings[i].SHA256, e.SHA256[:]) {
				set = append(set, setOp(a.Key, e))
			}
		}
		cur, known := current.Properties[a.Key]
		if args := propertyChanges(a, cur, known); args != nil {
			props = append(props, Operation{BatchOperation: wire.BatchOperation{SetAssetProperties: args}})
		}
		if len(unset)+len(set)+len(props) > n {
			p.Updated++
		} else {
			p.Unchanged++
		}
	}
	p.Operations = slices.Concat(del, create, unset, set, props)
	return p
}

func createOp(a *Asset) Operation {
	return Operation{BatchOperation: wire.BatchOperation{CreateAsset: &wire.CreateAssetArguments{
		Key:            a.Key,
		ContentType:    a.ContentType,
		MaxAge:         a.MaxAge,
		Headers:        headersOpt(a.Headers),
		EnableAliasing: a.EnableAliasing,
		AllowRawAccess: a.AllowRawAccess,
	}}}
}

func setOp(key string, e *Encoding) Operation {
	sum := e.SHA256
	return Operation{
		BatchOperation: wire.BatchOperation{SetAssetContent: &wire.SetAssetContentArguments{
			Key: key, ContentEncoding: e.Name, SHA256: sum[:]}},
		Content: e.Content,
		Length:  e.size(),
		enc:     e,
	}
}

// headersOpt is opt vec HeaderField: null when there are none.
func headersOpt(hs []wire.HeaderField) *[]wire.HeaderField {
	if len(hs) == 0 {
		return nil
	}
	c := slices.Clone(hs)
	return &c
}

func sortedAssets(as []*Asset) []*Asset {
	return slices.SortedFunc(slices.Values(as), func(a, b *Asset) int { return strings.Compare(a.Key, b.Key) })
}

func sortedEncodings(es []wire.AssetEncodingDetails) []wire.AssetEncodingDetails {
	return slices.SortedFunc(slices.Values(es), func(a, b wire.AssetEncodingDetails) int {
		return strings.Compare(a.ContentEncoding, b.ContentEncoding)
	})
}

// propertyChanges returns the set_asset_properties arguments that make the
// canister's properties the asset's, or nil when they are the same. With
// unknown current properties, every property is set.
func propertyChanges(a *Asset, cur wire.AssetProperties, known bool) *wire.SetAssetPropertiesArguments {
	args := &wire.SetAssetPropertiesArguments{Key: a.Key}
	if !known || !equalPtr(a.MaxAge, cur.MaxAge) {
		args.SetMaxAge, args.MaxAge = true, a.MaxAge
	}
	if !known || !sameHeaders(a.Headers, cur.Headers) {
		args.SetHeaders, args.Headers = true, headersOpt(a.Headers)
	}
	if !known || !equalPtr(a.AllowRawAccess, cur.AllowRawAccess) {
		args.SetAllowRawAccess, args.AllowRawAccess = true, a.AllowRawAccess
	}
	if !known || !equalPtr(a.EnableAliasing, cur.IsAliased) {
		args.SetIsAliased, args.IsAliased = true, a.EnableAliasing
	}
	if !args.SetMaxAge && !args.SetHeaders && !args.SetAllowRawAccess && !args.SetIsAliased {
		return nil
	}
	return args
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// sameHeaders compares header lists as sets (the canister may answer in
// any order); no headers and an empty list are the same.
func sameHeaders(want []wire.HeaderField, got *[]wire.HeaderField) bool {
	var g []wire.HeaderField
	if got != nil {
		g = *got
	}
	if len(want) != len(g) {
		return false
	}
	order := func(a, b wire.HeaderField) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Value, b.Value))
	}
	return slices.Equal(slices.SortedFunc(slices.Values(want), order), slices.SortedFunc(slices.Values(g), order))
}
