package upload

import "github.com/threshold-ic/threshold/assets/wire"

// Site is a scanned folder: the assets it should serve, with their
// configuration applied and their encodings computed.
type Site struct {
	// Dir is the folder, with symbolic links resolved.
	Dir string
	// Assets in key order.
	Assets []*Asset
	// Warnings about the configuration: security policies, rules that
	// matched nothing, entries that are neither files nor directories.
	Warnings []string
}

// Asset is one file of the folder as the canister should hold it.
type Asset struct {
	// Key is the asset's path: "/" and the slash path from the folder root.
	Key string
	// Source is the file it was read from.
	Source      string
	ContentType string
	// The properties, as create_asset and set_asset_properties take them.
	MaxAge         *uint64
	Headers        []wire.HeaderField // sorted by lower-case name; nil when none
	EnableAliasing *bool
	AllowRawAccess *bool
	// Encodings in the order identity, gzip, br (those that apply).
	Encodings []Encoding

	// How the encodings were made, to make them again: the file's bytes,
	// whether the content type is compressible, the rule's encodings.
	raw      []byte
	compress bool
	names    []string
}

// Size is the asset's identity (uncompressed) length in bytes.
func (a *Asset) Size() int64 {
	for _, e := range a.Encodings {
		if e.Name == encIdentity {
			return e.size()
		}
	}
	if a.raw != nil {
		return int64(len(a.raw))
	}
	if len(a.Encodings) > 0 {
		return a.Encodings[0].size()
	}
	return 0
}

// encoding returns the named encoding, or nil.
func (a *Asset) encoding(name string) *Encoding {
	for i := range a.Encodings {
		if a.Encodings[i].Name == name {
			return &a.Encodings[i]
		}
	}
	return nil
}

// Bytes is the total size of all the site's encodings (computed or not).
func (s *Site) Bytes() int64 {
	var n int64
	for _, a := range s.Assets {
		for i := range a.Encodings {
			n += a.Encodings[i].size()
		}
	}
	return n
}
