package store

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"slices"

	"github.com/threshold-ic/threshold/assets/wire"
)

// Evidence tags: the bytes that open each hashed item, as DFINITY's
// ic-certified-assets (evidence.rs) writes them, so that evidence
// computed by dfx for a proposal matches ours.
const (
	tagFalse              = 0
	tagTrue               = 1
	tagNone               = 2
	tagSome               = 3
	tagCreateAsset        = 4
	tagSetAssetContent    = 5
	tagUnsetAssetContent  = 6
	tagDeleteAsset        = 7
	tagClear              = 8
	tagSetAssetProperties = 9
)

// evidence is the SHA-256 over a proposed batch's operations: each
// operation's tag and fields, and for SetAssetContent the content of its
// chunks in order; the reference hashes last_chunk only when chunk_ids is
// empty, and skips chunk ids it does not know, and so does this.
func evidence(arg *wire.CommitBatchArguments, chunks map[uint64]*chunk) []byte {
	h := sha256.New()
	for i := range arg.Operations {
		op := &arg.Operations[i]
		switch {
		case op.CreateAsset != nil:
			a := op.CreateAsset
			tag(h, tagCreateAsset)
			h.Write([]byte(a.Key))
			h.Write([]byte(a.ContentType))
			optU64(h, a.MaxAge)
			optHeaders(h, a.Headers)
			optBool(h, a.AllowRawAccess)
			optBool(h, a.EnableAliasing)
		case op.SetAssetContent != nil:
			a := op.SetAssetContent
			tag(h, tagSetAssetContent)
			h.Write([]byte(a.Key))
			h.Write([]byte(a.ContentEncoding))
			if a.SHA256 != nil {
				tag(h, tagSome)
				h.Write(a.SHA256)
			} else {
				tag(h, tagNone)
			}
			for _, id := range a.ChunkIDs {
				if c, ok := chunks[id]; ok {
					h.Write(c.content)
				}
			}
			if len(a.ChunkIDs) == 0 && a.LastChunk != nil {
				h.Write(a.LastChunk)
			}
		case op.UnsetAssetContent != nil:
			tag(h, tagUnsetAssetContent)
			h.Write([]byte(op.UnsetAssetContent.Key))
			h.Write([]byte(op.UnsetAssetContent.ContentEncoding))
		case op.DeleteAsset != nil:
			tag(h, tagDeleteAsset)
			h.Write([]byte(op.DeleteAsset.Key))
		case op.Clear != nil:
			tag(h, tagClear)
		case op.SetAssetProperties != nil:
			a := op.SetAssetProperties
			tag(h, tagSetAssetProperties)
			h.Write([]byte(a.Key))
			optOpt(h, a.SetMaxAge, func() { optU64(h, a.MaxAge) })
			optOpt(h, a.SetHeaders, func() { optHeaders(h, a.Headers) })
			optOpt(h, a.SetAllowRawAccess, func() { optBool(h, a.AllowRawAccess) })
			optOpt(h, a.SetIsAliased, func() { optBool(h, a.IsAliased) })
		}
	}
	return h.Sum(nil)
}

func tag(h hash.Hash, t byte) { h.Write([]byte{t}) }

// optOpt hashes an opt opt field: none when unset, else some followed by
// the inner opt, which inner writes.
func optOpt(h hash.Hash, set bool, inner func()) {
	if !set {
		tag(h, tagNone)
		return
	}
	tag(h, tagSome)
	inner()
}

func optU64(h hash.Hash, v *uint64) {
	if v == nil {
		tag(h, tagNone)
		return
	}
	tag(h, tagSome)
	h.Write(binary.BigEndian.AppendUint64(nil, *v))
}

func optBool(h hash.Hash, v *bool) {
	switch {
	case v == nil:
		tag(h, tagNone)
	case *v:
		h.Write([]byte{tagSome, tagTrue})
	default:
		h.Write([]byte{tagSome, tagFalse})
	}
}

// optHeaders hashes headers as the reference's map does: one value per
// name (the last), names in byte order, each name then its value.
func optHeaders(h hash.Hash, hs *[]wire.HeaderField) {
	if hs == nil {
		tag(h, tagNone)
		return
	}
	tag(h, tagSome)
	m := make(map[string]string, len(*hs))
	names := make([]string, 0, len(*hs))
	for _, f := range *hs {
		if _, ok := m[f.Name]; !ok {
			names = append(names, f.Name)
		}
		m[f.Name] = f.Value
	}
	slices.Sort(names)
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte(m[n]))
	}
}
