package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/threshold-ic/threshold/assets/wire"
	"github.com/threshold-ic/threshold/certify/httpcert"
)

func (s *Store) asset(key string) (*asset, error) {
	a, ok := s.st.assets[key]
	if !ok {
		return nil, fmt.Errorf("%w: asset %q", ErrNotFound, key)
	}
	return a, nil
}

// get returns the first chunk of the asset in the first of the accepted
// encodings it has.
func (s *Store) get(_ Env, arg *wire.GetArguments) (wire.GetResult, error) {
	a, err := s.asset(arg.Key)
	if err != nil {
		return wire.GetResult{}, err
	}
	for _, name := range arg.AcceptEncodings {
		if e, ok := a.encodings[name]; ok {
			return wire.GetResult{Content: e.chunks[0], ContentType: a.contentType, ContentEncoding: name,
				SHA256: e.sha256[:], TotalLength: e.total}, nil
		}
	}
	return wire.GetResult{}, fmt.Errorf("%w: asset %q has none of the encodings %q", ErrNotFound, arg.Key, arg.AcceptEncodings)
}

// getChunk returns one chunk; a given sha256 must be the encoding's.
func (s *Store) getChunk(_ Env, arg *wire.GetChunkArguments) ([]byte, error) {
	a, err := s.asset(arg.Key)
	if err != nil {
		return nil, err
	}
	e, ok := a.encodings[arg.ContentEncoding]
	if !ok {
		return nil, fmt.Errorf("%w: encoding %q of asset %q", ErrNotFound, arg.ContentEncoding, arg.Key)
	}
	if arg.SHA256 != nil && string(arg.SHA256) != string(e.sha256[:]) {
		return nil, fmt.Errorf("%w: encoding %q of asset %q is %x", ErrSHA256Mismatch, arg.ContentEncoding, arg.Key, e.sha256)
	}
	if arg.Index >= uint64(len(e.chunks)) {
		return nil, fmt.Errorf("%w: chunk %d of %q (%s), which has %d", ErrNotFound, arg.Index, arg.Key, arg.ContentEncoding, len(e.chunks))
	}
	return e.chunks[arg.Index], nil
}

// list describes every asset, sorted by key, its encodings by name.
func (s *Store) list() []wire.AssetDetails {
	out := make([]wire.AssetDetails, 0, len(s.st.assets))
	for _, a := range s.st.assets {
		d := wire.AssetDetails{Key: a.key, ContentType: a.contentType, Encodings: make([]wire.AssetEncodingDetails, 0, len(a.encodings))}
		for name, e := range a.encodings {
			d.Encodings = append(d.Encodings, wire.AssetEncodingDetails{ContentEncoding: name, SHA256: e.sha256[:], Length: e.total, Modified: e.modified})
		}
		slices.SortFunc(d.Encodings, func(x, y wire.AssetEncodingDetails) int { return strings.Compare(x.ContentEncoding, y.ContentEncoding) })
		out = append(out, d)
	}
	slices.SortFunc(out, func(x, y wire.AssetDetails) int { return strings.Compare(x.Key, y.Key) })
	return out
}

// certifiedTree returns the data certificate and the whole certification
// tree, for clients that check the canister's content.
func (s *Store) certifiedTree(env Env, _ *struct{}) (wire.CertifiedTree, error) {
	cert := env.DataCertificate()
	if cert == nil {
		return wire.CertifiedTree{}, ErrNoCertificate
	}
	return wire.CertifiedTree{Certificate: cert, Tree: httpcert.EncodeTree(s.cert.root.Tree())}, nil
}

func (s *Store) assetProperties(_ Env, key *string) (wire.AssetProperties, error) {
	a, err := s.asset(*key)
	if err != nil {
		return wire.AssetProperties{}, err
	}
	var hs *[]wire.HeaderField
	if a.headers != nil {
		c := slices.Clone(*a.headers)
		hs = &c
	}
	return wire.AssetProperties{MaxAge: clonePtr(a.maxAge), Headers: hs, AllowRawAccess: clonePtr(a.allowRawAccess), IsAliased: clonePtr(a.isAliased)}, nil
}
