package store

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"

	"github.com/threshold-ic/threshold/assets/wire"
)

// asset is one stored asset. Once it is in a state it never changes: an
// operation stores a changed copy (with), which recomputes the
// certification data (cert) that every answer for it uses.
type asset struct {
	key            string
	contentType    string
	maxAge         *uint64
	headers        *[]wire.HeaderField // normalized: sorted by name, unique
	isAliased      *bool
	allowRawAccess *bool
	encodings      map[string]*encoding

	cert *assetCert // derived by seal
}

// encoding is one content encoding of an asset.
type encoding struct {
	chunks   [][]byte
	total    uint64
	sha256   [32]byte
	modified int64 // ns
}

// aliased reports whether the asset answers for its aliases; DFINITY's
// default is true.
func (a *asset) aliased() bool { return a.isAliased == nil || *a.isAliased }

// rawAllowed reports whether the asset may be served on a raw domain; the
// canister's default is true (dfx's default since 0.14 as well).
func (a *asset) rawAllowed() bool { return a.allowRawAccess == nil || *a.allowRawAccess }

// clone returns a shallow copy whose encodings map may be changed.
func (a *asset) clone() *asset {
	b := *a
	b.encodings = make(map[string]*encoding, len(a.encodings)+1)
	for k, v := range a.encodings {
		b.encodings[k] = v
	}
	b.cert = nil
	return &b
}

// checkKey refuses keys the canister cannot serve or certify: a key is a
// path starting with '/', and no segment may be one of the certification
// tree's terminators "<$>" and "<*>" (PROTOCOL.md §8.5), which would
// collide with the certification of another path.
func checkKey(key string) error {
	if !strings.HasPrefix(key, "/") {
		return fmt.Errorf("%w: key %q does not start with '/'", ErrInvalidArgument, key)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "<$>" || seg == "<*>" {
			return fmt.Errorf("%w: key %q has the reserved segment %q", ErrInvalidArgument, key, seg)
		}
	}
	return nil
}

// normalizeHeaders keeps one value per header name (the last, compared
// case-insensitively, as DFINITY's header map keeps one), sorted by name.
func normalizeHeaders(hs *[]wire.HeaderField) *[]wire.HeaderField {
	if hs == nil {
		return nil
	}
	out := make([]wire.HeaderField, 0, len(*hs))
	for _, h := range *hs {
		if i := slices.IndexFunc(out, func(o wire.HeaderField) bool { return strings.EqualFold(o.Name, h.Name) }); i >= 0 {
			out[i] = h
			continue
		}
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b wire.HeaderField) int { return strings.Compare(a.Name, b.Name) })
	return &out
}

func newAsset(arg *wire.CreateAssetArguments) (*asset, error) {
	if err := checkKey(arg.Key); err != nil {
		return nil, err
	}
	return &asset{
		key:            arg.Key,
		contentType:    arg.ContentType,
		maxAge:         clonePtr(arg.MaxAge),
		headers:        normalizeHeaders(arg.Headers),
		isAliased:      clonePtr(arg.EnableAliasing),
		allowRawAccess: clonePtr(arg.AllowRawAccess),
		encodings:      map[string]*encoding{},
	}, nil
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// newEncoding builds an encoding from its chunks, checking a given
// SHA-256 (which must be 32 bytes and match the content).
func newEncoding(chunks [][]byte, given []byte, now uint64) (*encoding, error) {
	h := sha256.New()
	var total uint64
	for _, c := range chunks {
		h.Write(c)
		total += uint64(len(c))
	}
	e := &encoding{chunks: chunks, total: total, modified: int64(now)}
	h.Sum(e.sha256[:0])
	if given != nil {
		if len(given) != sha256.Size {
			return nil, fmt.Errorf("%w: sha256 has %d bytes, not 32", ErrInvalidArgument, len(given))
		}
		if [32]byte(given) != e.sha256 {
			return nil, fmt.Errorf("%w: content hashes to %x, not the given %x", ErrSHA256Mismatch, e.sha256, given)
		}
	}
	return e, nil
}

// The asset operations, shared by the methods of the same names and the
// operations of commit_batch. Each checks its argument and changes t.

func (t *txn) createAsset(arg *wire.CreateAssetArguments) error {
	if _, ok := t.assets[arg.Key]; ok {
		return fmt.Errorf("%w: asset %q already exists", ErrInvalidArgument, arg.Key)
	}
	a, err := newAsset(arg)
	if err != nil {
		return err
	}
	t.putAsset(seal(a))
	return nil
}

func (t *txn) getAsset(key string) (*asset, error) {
	a, ok := t.assets[key]
	if !ok {
		return nil, fmt.Errorf("%w: asset %q", ErrNotFound, key)
	}
	return a, nil
}

// setAssetContent takes the chunks of arg from the uploaded ones (they
// are consumed) and stores them as the encoding.
func (t *txn) setAssetContent(arg *wire.SetAssetContentArguments, now uint64) error {
	a, err := t.getAsset(arg.Key)
	if err != nil {
		return err
	}
	if len(arg.ChunkIDs) == 0 && arg.LastChunk == nil {
		return fmt.Errorf("%w: encoding %q of %q has no chunks and no last_chunk", ErrInvalidArgument, arg.ContentEncoding, arg.Key)
	}
	chunks := make([][]byte, 0, len(arg.ChunkIDs)+1)
	for _, id := range arg.ChunkIDs {
		c, ok := t.chunks[id]
		if !ok {
			return fmt.Errorf("%w: chunk %d", ErrNotFound, id)
		}
		chunks = append(chunks, c.content)
		t.deleteChunk(id)
	}
	if arg.LastChunk != nil {
		chunks = append(chunks, arg.LastChunk)
	}
	e, err := newEncoding(chunks, arg.SHA256, now)
	if err != nil {
		return fmt.Errorf("encoding %q of %q: %w", arg.ContentEncoding, arg.Key, err)
	}
	b := a.clone()
	b.encodings[arg.ContentEncoding] = e
	t.putAsset(seal(b))
	return nil
}

func (t *txn) unsetAssetContent(arg *wire.UnsetAssetContentArguments) error {
	a, err := t.getAsset(arg.Key)
	if err != nil {
		return err
	}
	if _, ok := a.encodings[arg.ContentEncoding]; !ok {
		return nil
	}
	b := a.clone()
	delete(b.encodings, arg.ContentEncoding)
	t.putAsset(seal(b))
	return nil
}

func (t *txn) setAssetProperties(arg *wire.SetAssetPropertiesArguments) error {
	a, err := t.getAsset(arg.Key)
	if err != nil {
		return err
	}
	b := a.clone()
	if arg.SetMaxAge {
		b.maxAge = clonePtr(arg.MaxAge)
	}
	if arg.SetHeaders {
		b.headers = normalizeHeaders(arg.Headers)
	}
	if arg.SetAllowRawAccess {
		b.allowRawAccess = clonePtr(arg.AllowRawAccess)
	}
	if arg.SetIsAliased {
		b.isAliased = clonePtr(arg.IsAliased)
	}
	t.putAsset(seal(b))
	return nil
}

// store creates or updates an asset with one encoding given whole.
func (t *txn) store(arg *wire.StoreArguments, now uint64) error {
	a, ok := t.assets[arg.Key]
	if !ok {
		var err error
		if a, err = newAsset(&wire.CreateAssetArguments{Key: arg.Key, ContentType: arg.ContentType}); err != nil {
			return err
		}
	} else {
		a = a.clone()
		a.contentType = arg.ContentType
	}
	e, err := newEncoding([][]byte{arg.Content}, arg.SHA256, now)
	if err != nil {
		return fmt.Errorf("encoding %q of %q: %w", arg.ContentEncoding, arg.Key, err)
	}
	a.encodings[arg.ContentEncoding] = e
	t.putAsset(seal(a))
	return nil
}

// apply runs one operation of a batch.
func (t *txn) apply(op *wire.BatchOperation, now uint64) error {
	switch {
	case op.CreateAsset != nil:
		return t.createAsset(op.CreateAsset)
	case op.SetAssetContent != nil:
		return t.setAssetContent(op.SetAssetContent, now)
	case op.SetAssetProperties != nil:
		return t.setAssetProperties(op.SetAssetProperties)
	case op.UnsetAssetContent != nil:
		return t.unsetAssetContent(op.UnsetAssetContent)
	case op.DeleteAsset != nil:
		t.deleteAsset(op.DeleteAsset.Key)
		return nil
	case op.Clear != nil:
		t.clearAssets()
		return nil
	}
	return fmt.Errorf("%w: empty batch operation", ErrInvalidArgument)
}

// sortedEncodings returns the encoding names of a in preference order.
func (a *asset) sortedEncodings() []string {
	names := make([]string, 0, len(a.encodings))
	for n := range a.encodings {
		names = append(names, n)
	}
	slices.SortFunc(names, func(x, y string) int {
		if px, py := encodingRank(x), encodingRank(y); px != py {
			return px - py
		}
		return strings.Compare(x, y)
	})
	return names
}

// encodingRank orders encodings by preference: br, gzip, deflate,
// identity, then the others by name.
func encodingRank(name string) int {
	switch name {
	case "br":
		return 0
	case "gzip":
		return 1
	case "deflate":
		return 2
	case "identity":
		return 3
	}
	return 4
}
