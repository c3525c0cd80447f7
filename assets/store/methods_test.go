package store

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/assets/wire"
)

func TestStoreGetList(t *testing.T) {
	ic := newSite(t)
	content := []byte("hello")
	sum := sha256.Sum256(content)
	mustCall(ic, committer, wire.StoreMethod, wire.StoreArguments{Key: "/a.txt", ContentType: "text/plain", ContentEncoding: "identity", Content: content, SHA256: sum[:]})
	if _, err := call(ic, committer, wire.StoreMethod, wire.StoreArguments{Key: "/b.txt", ContentType: "text/plain", ContentEncoding: "identity", Content: content, SHA256: make([]byte, 32)}); !errors.Is(err, ErrSHA256Mismatch) {
		t.Errorf("store with a wrong sha256: %v", err)
	}
	if _, err := call(ic, committer, wire.StoreMethod, wire.StoreArguments{Key: "no-slash", ContentType: "text/plain", ContentEncoding: "identity", Content: content}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("store without a leading slash: %v", err)
	}
	ic.upload("/b.bin", "application/octet-stream", map[string][]byte{"identity": randomBytes(3, 2500), "gzip": []byte("gz")}, 1000, nil)

	g := mustCall(ic, anonymous, wire.GetMethod, wire.GetArguments{Key: "/b.bin", AcceptEncodings: []string{"br", "identity"}})
	if g.ContentEncoding != "identity" || g.TotalLength != 2500 || len(g.Content) != 1000 || g.ContentType != "application/octet-stream" {
		t.Errorf("get: %+v", g)
	}
	if _, err := call(ic, anonymous, wire.GetMethod, wire.GetArguments{Key: "/b.bin", AcceptEncodings: []string{"br"}}); !errors.Is(err, ErrNotFound) {
		t.Errorf("get without an acceptable encoding: %v", err)
	}
	if _, err := call(ic, anonymous, wire.GetMethod, wire.GetArguments{Key: "/none", AcceptEncodings: []string{"identity"}}); !errors.Is(err, ErrNotFound) {
		t.Errorf("get of a missing asset: %v", err)
	}
	var all []byte
	for i := range uint64(3) {
		c := mustCall(ic, anonymous, wire.GetChunkMethod, wire.GetChunkArguments{Key: "/b.bin", ContentEncoding: "identity", Index: i, SHA256: g.SHA256})
		all = append(all, c...)
	}
	if !bytes.Equal(all, randomBytes(3, 2500)) {
		t.Error("chunks differ from the content")
	}
	if _, err := call(ic, anonymous, wire.GetChunkMethod, wire.GetChunkArguments{Key: "/b.bin", ContentEncoding: "identity", Index: 3}); !errors.Is(err, ErrNotFound) {
		t.Errorf("chunk past the end: %v", err)
	}
	if _, err := call(ic, anonymous, wire.GetChunkMethod, wire.GetChunkArguments{Key: "/b.bin", ContentEncoding: "identity", SHA256: sum[:]}); !errors.Is(err, ErrSHA256Mismatch) {
		t.Errorf("chunk with a wrong sha256: %v", err)
	}

	list := mustCall(ic, anonymous, wire.ListMethod, struct{}{})
	if len(list) != 2 || list[0].Key != "/a.txt" || list[1].Key != "/b.bin" || len(list[1].Encodings) != 2 ||
		list[1].Encodings[0].ContentEncoding != "gzip" || list[1].Encodings[1].Length != 2500 ||
		list[1].Encodings[1].Modified != ic.now.UnixNano() || !bytes.Equal(list[0].Encodings[0].SHA256, sum[:]) {
		t.Errorf("list: %+v", list)
	}

	mustCall(ic, committer, wire.UnsetAssetContentMethod, wire.UnsetAssetContentArguments{Key: "/b.bin", ContentEncoding: "gzip"})
	mustCall(ic, committer, wire.DeleteAssetMethod, wire.DeleteAssetArguments{Key: "/a.txt"})
	list = mustCall(ic, anonymous, wire.ListMethod, struct{}{})
	if len(list) != 1 || len(list[0].Encodings) != 1 {
		t.Errorf("list after unset and delete: %+v", list)
	}
	if v := mustCall(ic, anonymous, wire.APIVersionMethod, struct{}{}); v != apiVersion {
		t.Errorf("api_version %d", v)
	}
	mustCall(ic, committer, wire.ClearMethod, struct{}{})
	if list = mustCall(ic, anonymous, wire.ListMethod, struct{}{}); len(list) != 0 {
		t.Errorf("list after clear: %+v", list)
	}
}

func TestAssetProperties(t *testing.T) {
	ic := newSite(t)
	ic.upload("/p.html", "text/html", map[string][]byte{"identity": []byte("p")}, 1000, func(a *wire.CreateAssetArguments) {
		a.MaxAge = ptr[uint64](10)
		a.Headers = &[]wire.HeaderField{{Name: "b", Value: "1"}, {Name: "a", Value: "2"}, {Name: "B", Value: "3"}}
	})
	p := mustCall(ic, anonymous, wire.GetAssetPropertiesMethod, "/p.html")
	if *p.MaxAge != 10 || p.IsAliased != nil || p.AllowRawAccess != nil || len(*p.Headers) != 2 || (*p.Headers)[0].Name != "B" || (*p.Headers)[1] != (wire.HeaderField{Name: "a", Value: "2"}) {
		t.Errorf("properties %+v %v", p, *p.Headers)
	}
	mustCall(ic, committer, wire.SetAssetPropertiesMethod, wire.SetAssetPropertiesArguments{Key: "/p.html",
		SetMaxAge: true, SetIsAliased: true, IsAliased: ptr(false), SetHeaders: false})
	p = mustCall(ic, anonymous, wire.GetAssetPropertiesMethod, "/p.html")
	if p.MaxAge != nil || *p.IsAliased || p.Headers == nil {
		t.Errorf("properties after set: %+v", p)
	}
	// The alias is gone: /p falls back to the 404.
	resp, _ := ic.fetch(request{url: "/p", version: v2})
	if resp.StatusCode != 404 {
		t.Errorf("/p after aliasing off: %d", resp.StatusCode)
	}
	if _, err := call(ic, anonymous, wire.GetAssetPropertiesMethod, "/none"); !errors.Is(err, ErrNotFound) {
		t.Errorf("properties of a missing asset: %v", err)
	}
}

// TestPermissions: every changing method refuses a caller without the
// permission, in Update and in Inspect; controllers may do everything.
func TestPermissions(t *testing.T) {
	ic := newSite(t)
	type probe struct {
		method string
		arg    func() []byte
		need   wire.Permission // 0: controller only
	}
	enc := func(b []byte, err error) []byte { must(t, err); return b }
	probes := []probe{
		{"create_batch", func() []byte { return enc(wire.CreateBatchMethod.EncodeArgs(struct{}{})) }, wire.PermissionPrepare},
		{"create_chunk", func() []byte { return enc(wire.CreateChunkMethod.EncodeArgs(wire.CreateChunkArguments{BatchID: 1})) }, wire.PermissionPrepare},
		{"create_chunks", func() []byte { return enc(wire.CreateChunksMethod.EncodeArgs(wire.CreateChunksArguments{BatchID: 1})) }, wire.PermissionPrepare},
		{"propose_commit_batch", func() []byte {
			return enc(wire.ProposeCommitBatchMethod.EncodeArgs(wire.CommitBatchArguments{BatchID: 1}))
		}, wire.PermissionPrepare},
		{"compute_evidence", func() []byte {
			return enc(wire.ComputeEvidenceMethod.EncodeArgs(wire.ComputeEvidenceArguments{BatchID: 1}))
		}, wire.PermissionPrepare},
		{"delete_batch", func() []byte { return enc(wire.DeleteBatchMethod.EncodeArgs(wire.DeleteBatchArguments{BatchID: 1})) }, wire.PermissionPrepare},
		{"get_configuration", func() []byte { return enc(wire.GetConfigurationMethod.EncodeArgs(struct{}{})) }, wire.PermissionPrepare},
		{"commit_batch", func() []byte { return enc(wire.CommitBatchMethod.EncodeArgs(wire.CommitBatchArguments{})) }, wire.PermissionCommit},
		{"commit_proposed_batch", func() []byte {
			return enc(wire.CommitProposedBatchMethod.EncodeArgs(wire.CommitProposedBatchArguments{BatchID: 1}))
		}, wire.PermissionCommit},
		{"create_asset", func() []byte { return enc(wire.CreateAssetMethod.EncodeArgs(wire.CreateAssetArguments{Key: "/x"})) }, wire.PermissionCommit},
		{"set_asset_content", func() []byte {
			return enc(wire.SetAssetContentMethod.EncodeArgs(wire.SetAssetContentArguments{Key: "/x", LastChunk: []byte{}}))
		}, wire.PermissionCommit},
		{"unset_asset_content", func() []byte {
			return enc(wire.UnsetAssetContentMethod.EncodeArgs(wire.UnsetAssetContentArguments{Key: "/x"}))
		}, wire.PermissionCommit},
		{"delete_asset", func() []byte { return enc(wire.DeleteAssetMethod.EncodeArgs(wire.DeleteAssetArguments{Key: "/x"})) }, wire.PermissionCommit},
		{"clear", func() []byte { return enc(wire.ClearMethod.EncodeArgs(struct{}{})) }, wire.PermissionCommit},
		{"store", func() []byte { return enc(wire.StoreMethod.EncodeArgs(wire.StoreArguments{Key: "/x"})) }, wire.PermissionCommit},
		{"set_asset_properties", func() []byte {
			return enc(wire.SetAssetPropertiesMethod.EncodeArgs(wire.SetAssetPropertiesArguments{Key: "/x"}))
		}, wire.PermissionCommit},
		{"configure", func() []byte { return enc(wire.ConfigureMethod.EncodeArgs(wire.ConfigureArguments{})) }, wire.PermissionCommit},
		{"authorize", func() []byte { return enc(wire.AuthorizeMethod.EncodeArgs(stranger)) }, wire.PermissionManagePermissions},
		{"grant_permission", func() []byte {
			return enc(wire.GrantPermissionMethod.EncodeArgs(wire.GrantPermission{ToPrincipal: stranger, Permission: wire.PermissionCommit}))
		}, wire.PermissionManagePermissions},
		{"revoke_permission", func() []byte {
			return enc(wire.RevokePermissionMethod.EncodeArgs(wire.RevokePermission{OfPrincipal: other, Permission: wire.PermissionCommit}))
		}, wire.PermissionManagePermissions},
		{"deauthorize", func() []byte { return enc(wire.DeauthorizeMethod.EncodeArgs(other)) }, 0},
		{"take_ownership", func() []byte { return enc(wire.TakeOwnershipMethod.EncodeArgs(struct{}{})) }, 0},
	}
	holders := map[wire.Permission][]byte{wire.PermissionPrepare: preparer, wire.PermissionCommit: committer, wire.PermissionManagePermissions: manager}
	for _, p := range probes {
		t.Run(p.method, func(t *testing.T) {
			for _, who := range [][]byte{stranger, anonymous, preparer, committer, manager} {
				allowed := p.need != 0 && (bytes.Equal(holders[p.need], who) || p.need == wire.PermissionPrepare && bytes.Equal(who, committer))
				before := ic.fingerprint()
				err := ic.store.Inspect(ic.env(who, false), p.method, p.arg())
				_, uerr := ic.store.Update(ic.env(who, false), p.method, p.arg())
				if allowed {
					if errors.Is(err, ErrPermission) || errors.Is(uerr, ErrPermission) {
						t.Errorf("%x refused: %v / %v", who, err, uerr)
					}
					ic = newSite(t) // the call may have changed the state
					continue
				}
				if !errors.Is(err, ErrPermission) || !errors.Is(uerr, ErrPermission) {
					t.Errorf("%x not refused: inspect %v, update %v", who, err, uerr)
				}
				if ic.fingerprint() != before {
					t.Errorf("%x: refused call changed the state", who)
				}
			}
			// A controller may call it.
			if err := ic.store.Inspect(ic.env(controllerP, false), p.method, p.arg()); err != nil {
				t.Errorf("controller refused by inspect: %v", err)
			}
			if _, err := ic.store.Update(ic.env(controllerP, false), p.method, p.arg()); errors.Is(err, ErrPermission) {
				t.Errorf("controller refused: %v", err)
			}
			ic = newSite(t)
		})
	}
}

func TestPermissionLists(t *testing.T) {
	ic := newSite(t)
	got := mustCall(ic, stranger, wire.ListAuthorizedMethod, struct{}{})
	if !slices.EqualFunc(got, [][]byte{installer, committer}, bytes.Equal) {
		t.Errorf("list_authorized %x", got)
	}
	mustCall(ic, manager, wire.AuthorizeMethod, stranger)
	mustCall(ic, manager, wire.AuthorizeMethod, anonymous) // never granted
	if got = mustCall(ic, stranger, wire.ListPermittedMethod, wire.ListPermitted{Permission: wire.PermissionCommit}); len(got) != 3 {
		t.Errorf("after authorize: %x", got)
	}
	// Anyone may drop its own permissions.
	mustCall(ic, stranger, wire.DeauthorizeMethod, stranger)
	mustCall(ic, preparer, wire.RevokePermissionMethod, wire.RevokePermission{OfPrincipal: preparer, Permission: wire.PermissionPrepare})
	if got = mustCall(ic, stranger, wire.ListPermittedMethod, wire.ListPermitted{Permission: wire.PermissionPrepare}); len(got) != 0 {
		t.Errorf("prepare after self-revoke: %x", got)
	}
	mustCall(ic, controllerP, wire.TakeOwnershipMethod, struct{}{})
	for _, p := range []wire.Permission{wire.PermissionCommit, wire.PermissionPrepare, wire.PermissionManagePermissions} {
		got = mustCall(ic, stranger, wire.ListPermittedMethod, wire.ListPermitted{Permission: p})
		want := [][]byte{}
		if p == wire.PermissionCommit {
			want = [][]byte{controllerP}
		}
		if !slices.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("%s after take_ownership: %x", permName(p), got)
		}
	}
	// validate_* change nothing.
	before := ic.fingerprint()
	v := mustCall(ic, stranger, wire.ValidateGrantPermissionMethod, wire.GrantPermission{ToPrincipal: stranger, Permission: wire.PermissionCommit})
	if !v.OK || !strings.Contains(v.Msg, "Commit") {
		t.Errorf("validate_grant_permission %+v", v)
	}
	mustCall(ic, stranger, wire.ValidateRevokePermissionMethod, wire.RevokePermission{OfPrincipal: stranger, Permission: wire.PermissionCommit})
	mustCall(ic, stranger, wire.ValidateTakeOwnershipMethod, struct{}{})
	mustCall(ic, stranger, wire.ValidateConfigureMethod, wire.ConfigureArguments{SetMaxBatches: true})
	if ic.fingerprint() != before {
		t.Error("validation changed the state")
	}
}

func TestInitArgs(t *testing.T) {
	ic := newIC(t)
	arg, err := wire.EncodeCanisterArgs(&wire.CanisterArgs{Init: &wire.InitArgs{SetPermissions: &wire.SetPermissions{
		Prepare: [][]byte{preparer}, Commit: [][]byte{committer, anonymous}, ManagePermissions: [][]byte{manager}}}})
	must(t, err)
	s := New()
	must(t, s.Init(ic.env(installer, false), arg))
	ic.store = s
	if got := mustCall(ic, stranger, wire.ListAuthorizedMethod, struct{}{}); !slices.EqualFunc(got, [][]byte{committer}, bytes.Equal) {
		t.Errorf("commit after init %x", got)
	}
	up, _ := wire.EncodeCanisterArgs(&wire.CanisterArgs{Upgrade: &wire.UpgradeArgs{}})
	if err := New().Init(ic.env(installer, false), up); err == nil {
		t.Error("init with an Upgrade argument")
	}
	if err := New().Init(ic.env(installer, false), []byte("DIDL garbage")); err == nil {
		t.Error("init with garbage")
	}
}

// TestCommitBatchAtomic: a failing operation leaves nothing changed.
func TestCommitBatchAtomic(t *testing.T) {
	ic := newSite(t)
	ic.uploadSite(testSite(t, true))
	id := mustCall(ic, committer, wire.CreateBatchMethod, struct{}{})
	ids := mustCall(ic, committer, wire.CreateChunksMethod, wire.CreateChunksArguments{BatchID: id, Content: [][]byte{[]byte("new")}})
	before := ic.fingerprint()
	for name, last := range map[string]wire.BatchOperation{
		"missing asset":    {SetAssetContent: &wire.SetAssetContentArguments{Key: "/none", ContentEncoding: "identity", LastChunk: []byte{}}},
		"missing chunk":    {SetAssetContent: &wire.SetAssetContentArguments{Key: "/about.html", ContentEncoding: "identity", ChunkIDs: []uint64{999}}},
		"existing asset":   {CreateAsset: &wire.CreateAssetArguments{Key: "/new.txt"}},
		"wrong sha256":     {SetAssetContent: &wire.SetAssetContentArguments{Key: "/about.html", ContentEncoding: "identity", LastChunk: []byte("x"), SHA256: make([]byte, 32)}},
		"short sha256":     {SetAssetContent: &wire.SetAssetContentArguments{Key: "/about.html", ContentEncoding: "identity", LastChunk: []byte("x"), SHA256: []byte{1}}},
		"no content":       {SetAssetContent: &wire.SetAssetContentArguments{Key: "/about.html", ContentEncoding: "identity"}},
		"properties":       {SetAssetProperties: &wire.SetAssetPropertiesArguments{Key: "/none"}},
		"unset":            {UnsetAssetContent: &wire.UnsetAssetContentArguments{Key: "/none"}},
		"reserved segment": {CreateAsset: &wire.CreateAssetArguments{Key: "/a/<*>/b"}},
	} {
		ops := []wire.BatchOperation{
			{Clear: &struct{}{}},
			{CreateAsset: &wire.CreateAssetArguments{Key: "/new.txt", ContentType: "text/plain"}},
			{SetAssetContent: &wire.SetAssetContentArguments{Key: "/new.txt", ContentEncoding: "identity", ChunkIDs: ids}},
			{DeleteAsset: &wire.DeleteAssetArguments{Key: "/index.html"}},
			last,
		}
		if _, err := call(ic, committer, wire.CommitBatchMethod, wire.CommitBatchArguments{BatchID: id, Operations: ops}); err == nil {
			t.Fatalf("%s: commit succeeded", name)
		}
		if ic.fingerprint() != before {
			t.Fatalf("%s: failed commit changed the state", name)
		}
	}
	// Without the failing operation it commits, consuming the batch.
	mustCall(ic, committer, wire.CommitBatchMethod, wire.CommitBatchArguments{BatchID: id, Operations: []wire.BatchOperation{
		{Clear: &struct{}{}},
		{CreateAsset: &wire.CreateAssetArguments{Key: "/new.txt", ContentType: "text/plain"}},
		{SetAssetContent: &wire.SetAssetContentArguments{Key: "/new.txt", ContentEncoding: "identity", ChunkIDs: ids}},
	}})
	if len(ic.store.st.batches) != 0 || len(ic.store.st.chunks) != 0 {
		t.Errorf("batch left after commit: %d batches, %d chunks", len(ic.store.st.batches), len(ic.store.st.chunks))
	}
	resp, _ := ic.fetch(request{url: "/new.txt", version: v2})
	if string(resp.Body) != "new" {
		t.Errorf("body %q", resp.Body)
	}
	resp, _ = ic.fetch(request{url: "/about", version: v2})
	if resp.StatusCode != 404 {
		t.Errorf("after clear: %d", resp.StatusCode)
	}
}

// TestCommitInStages: icx-asset commits under batch id 0 in stages and
// ends with an empty commit of the real batch.
func TestCommitInStages(t *testing.T) {
	ic := newSite(t)
	id := mustCall(ic, committer, wire.CreateBatchMethod, struct{}{})
	ids := mustCall(ic, committer, wire.CreateChunksMethod, wire.CreateChunksArguments{BatchID: id, Content: [][]byte{[]byte("a"), []byte("b")}})
	for i, key := range []string{"/a", "/b"} {
		mustCall(ic, committer, wire.CommitBatchMethod, wire.CommitBatchArguments{BatchID: 0, Operations: []wire.BatchOperation{
			{CreateAsset: &wire.CreateAssetArguments{Key: key, ContentType: "text/plain"}},
			{SetAssetContent: &wire.SetAssetContentArguments{Key: key, ContentEncoding: "identity", ChunkIDs: ids[i : i+1]}},
		}})
	}
	mustCall(ic, committer, wire.CommitBatchMethod, wire.CommitBatchArguments{BatchID: id})
	if len(ic.store.st.batches) != 0 {
		t.Error("batch not freed")
	}
	if l := mustCall(ic, anonymous, wire.ListMethod, struct{}{}); len(l) != 2 {
		t.Errorf("list %+v", l)
	}
}

func TestBatchExpiryAndLimits(t *testing.T) {
	ic := newSite(t)
	a := mustCall(ic, preparer, wire.CreateBatchMethod, struct{}{})
	b := mustCall(ic, preparer, wire.CreateBatchMethod, struct{}{})
	mustCall(ic, preparer, wire.CreateChunkMethod, wire.CreateChunkArguments{BatchID: a, Content: []byte("1234")})
	mustCall(ic, preparer, wire.CreateChunkMethod, wire.CreateChunkArguments{BatchID: b, Content: []byte("1234")})
	ic.now = ic.now.Add(4 * time.Minute)
	mustCall(ic, preparer, wire.CreateChunkMethod, wire.CreateChunkArguments{BatchID: a, Content: []byte("5")}) // refreshes a
	ic.now = ic.now.Add(2 * time.Minute)
	mustCall(ic, preparer, wire.CreateChunkMethod, wire.CreateChunkArguments{BatchID: a, Content: []byte("6")})
	if _, err := call(ic, preparer, wire.CreateChunkMethod, wire.CreateChunkArguments{BatchID: b, Content: []byte("x")}); !errors.Is(err, ErrNotFound) {
		t.Errorf("chunk into an expired batch: %v", err)
	}
	if len(ic.store.st.batches) != 1 || len(ic.store.st.chunks) != 3 {
		t.Errorf("%d batches, %d chunks", len(ic.store.st.batches), len(ic.store.st.chunks))
	}
	ic.now = ic.now.Add(5 * time.Minute)
	mustCall(ic, preparer, wire.CreateBatchMethod, struct{}{})
	if len(ic.store.st.batches) != 1 || len(ic.store.st.chunks) != 0 {
		t.Errorf("after expiry: %d batches, %d chunks", len(ic.store.st.batches), len(ic.store.st.chunks))
	}

	mustCall(ic, committer, wire.ConfigureMethod, wire.ConfigureArguments{SetMaxBatches: true, MaxBatches: ptr[uint64](2), SetMaxChunks: true, MaxChunks: ptr[uint64](3), SetMaxBytes: true, MaxBytes: ptr[uint64](10)})
	cfg := mustCall(ic, preparer, wire.GetConfigurationMethod, struct{}{})
	if *cfg.MaxBatches != 2 || *cfg.MaxChunks != 3 || *cfg.MaxBytes != 10 {
		t.Errorf("configuration %+v", cfg)
	}
	c := mustCall(ic, preparer, wire.CreateBatchMethod, struct{}{})
	if _, err := call(ic, preparer, wire.CreateBatchMethod, struct{}{}); !errors.Is(err, ErrLimit) {
		t.Errorf("third batch: %v", err)
	}
	if _, err := call(ic, preparer, wire.CreateChunkMethod, wire.CreateChunkArguments{BatchID: c, Content: make([]byte, 11)}); !errors.Is(err, ErrLimit) {
		t.Errorf("11 bytes: %v", err)
	}
	mustCall(ic, preparer, wire.CreateChunksMethod, wire.CreateChunksArguments{BatchID: c, Content: [][]byte{{1}, {2}, {3}}})
	if _, err := call(ic, preparer, wire.CreateChunkMethod, wire.CreateChunkArguments{BatchID: c, Content: []byte{4}}); !errors.Is(err, ErrLimit) {
		t.Errorf("fourth chunk: %v", err)
	}
	mustCall(ic, committer, wire.ConfigureMethod, wire.ConfigureArguments{SetMaxChunks: true})
	if cfg = mustCall(ic, preparer, wire.GetConfigurationMethod, struct{}{}); cfg.MaxChunks != nil || *cfg.MaxBytes != 10 {
		t.Errorf("configuration after unset %+v", cfg)
	}
	// last_chunk counts against max_bytes at commit.
	mustCall(ic, committer, wire.CreateAssetMethod, wire.CreateAssetArguments{Key: "/x", ContentType: "text/plain"})
	if _, err := call(ic, committer, wire.CommitBatchMethod, wire.CommitBatchArguments{BatchID: c, Operations: []wire.BatchOperation{
		{SetAssetContent: &wire.SetAssetContentArguments{Key: "/x", ContentEncoding: "identity", LastChunk: make([]byte, 8)}}}}); !errors.Is(err, ErrLimit) {
		t.Errorf("last_chunk past max_bytes: %v", err)
	}
	mustCall(ic, preparer, wire.DeleteBatchMethod, wire.DeleteBatchArguments{BatchID: c})
	if len(ic.store.st.chunks) != 0 {
		t.Error("delete_batch left chunks")
	}
}

func TestProposal(t *testing.T) {
	ic := newSite(t)
	id := mustCall(ic, preparer, wire.CreateBatchMethod, struct{}{})
	ids := mustCall(ic, preparer, wire.CreateChunksMethod, wire.CreateChunksArguments{BatchID: id, Content: [][]byte{[]byte("con"), []byte("tent")}})
	args := wire.CommitBatchArguments{BatchID: id, Operations: []wire.BatchOperation{
		{CreateAsset: &wire.CreateAssetArguments{Key: "/p.txt", ContentType: "text/plain", MaxAge: ptr[uint64](5), Headers: &[]wire.HeaderField{{Name: "b", Value: "2"}, {Name: "a", Value: "1"}}, EnableAliasing: ptr(true)}},
		{SetAssetContent: &wire.SetAssetContentArguments{Key: "/p.txt", ContentEncoding: "identity", ChunkIDs: ids}},
		{SetAssetProperties: &wire.SetAssetPropertiesArguments{Key: "/p.txt", SetMaxAge: true, SetAllowRawAccess: true, AllowRawAccess: ptr(false)}},
	}}
	mustCall(ic, preparer, wire.ProposeCommitBatchMethod, args)
	if _, err := call(ic, preparer, wire.CreateChunkMethod, wire.CreateChunkArguments{BatchID: id}); !errors.Is(err, ErrBatch) {
		t.Errorf("chunk into a proposed batch: %v", err)
	}
	if _, err := call(ic, preparer, wire.ProposeCommitBatchMethod, args); !errors.Is(err, ErrBatch) {
		t.Errorf("second proposal: %v", err)
	}
	if _, err := call(ic, committer, wire.CommitProposedBatchMethod, wire.CommitProposedBatchArguments{BatchID: id}); !errors.Is(err, ErrBatch) {
		t.Errorf("commit before evidence: %v", err)
	}
	ev := mustCall(ic, preparer, wire.ComputeEvidenceMethod, wire.ComputeEvidenceArguments{BatchID: id, MaxIterations: ptr[uint16](1)})
	if want := goldenEvidence(); !bytes.Equal(ev, want) {
		t.Errorf("evidence %x, want %x", ev, want)
	}
	if _, err := call(ic, preparer, wire.CreateBatchMethod, struct{}{}); !errors.Is(err, ErrBatch) {
		t.Errorf("batch while one is proposed: %v", err)
	}
	bad := wire.CommitProposedBatchArguments{BatchID: id, Evidence: make([]byte, 32)}
	if v := mustCall(ic, stranger, wire.ValidateCommitProposedBatchMethod, bad); v.OK {
		t.Error("wrong evidence validated")
	}
	if _, err := call(ic, committer, wire.CommitProposedBatchMethod, bad); !errors.Is(err, ErrBatch) {
		t.Errorf("wrong evidence: %v", err)
	}
	good := wire.CommitProposedBatchArguments{BatchID: id, Evidence: ev}
	if v := mustCall(ic, stranger, wire.ValidateCommitProposedBatchMethod, good); !v.OK {
		t.Errorf("validation: %s", v.Msg)
	}
	// A proposed batch does not expire once its evidence is computed.
	ic.now = ic.now.Add(time.Hour)
	mustCall(ic, committer, wire.CommitProposedBatchMethod, good)
	p := mustCall(ic, anonymous, wire.GetAssetPropertiesMethod, "/p.txt")
	if p.MaxAge != nil || p.AllowRawAccess == nil || *p.AllowRawAccess {
		t.Errorf("properties %+v", p)
	}
	resp, _ := ic.fetch(request{url: "/p.txt", version: v2})
	if string(resp.Body) != "content" {
		t.Errorf("body %q", resp.Body)
	}
	if len(ic.store.st.batches) != 0 {
		t.Error("proposed batch left")
	}
}

// goldenEvidence is TestProposal's evidence, written out the way
// evidence.rs hashes it.
func goldenEvidence() []byte {
	var b []byte
	b = append(b, tagCreateAsset)
	b = append(b, "/p.txt"...)
	b = append(b, "text/plain"...)
	b = append(b, tagSome, 0, 0, 0, 0, 0, 0, 0, 5)
	b = append(b, tagSome)
	b = append(b, "a1b2"...)
	b = append(b, tagNone)          // allow_raw_access
	b = append(b, tagSome, tagTrue) // enable_aliasing
	b = append(b, tagSetAssetContent)
	b = append(b, "/p.txt"...)
	b = append(b, "identity"...)
	b = append(b, tagNone)
	b = append(b, "content"...)
	b = append(b, tagSetAssetProperties)
	b = append(b, "/p.txt"...)
	b = append(b, tagSome, tagNone)           // max_age: Some(None)
	b = append(b, tagNone)                    // headers
	b = append(b, tagSome, tagSome, tagFalse) // allow_raw_access: Some(Some(false))
	b = append(b, tagNone)                    // is_aliased
	s := sha256.Sum256(b)
	return s[:]
}

func TestUnknownMethod(t *testing.T) {
	ic := newSite(t)
	if _, err := ic.store.Update(ic.env(controllerP, false), "nope", nil); !errors.Is(err, ErrUnknownMethod) {
		t.Errorf("update: %v", err)
	}
	if _, err := ic.store.Query(ic.env(controllerP, true), "commit_batch", nil); !errors.Is(err, ErrUnknownMethod) {
		t.Errorf("update method as a query: %v", err)
	}
	if err := ic.store.Inspect(ic.env(controllerP, false), "nope", nil); !errors.Is(err, ErrUnknownMethod) {
		t.Errorf("inspect: %v", err)
	}
	// A query method may be called as an update.
	arg, _ := wire.ListMethod.EncodeArgs(struct{}{})
	if _, err := ic.store.Update(ic.env(stranger, false), "list", arg); err != nil {
		t.Errorf("list as an update: %v", err)
	}
}

func TestCertifiedTree(t *testing.T) {
	ic := newSite(t)
	ic.uploadSite(testSite(t, true))
	ct := mustCall(ic, anonymous, wire.CertifiedTreeMethod, struct{}{})
	if len(ct.Certificate) == 0 || len(ct.Tree) == 0 {
		t.Fatal("empty")
	}
	// certified data is the root hash, set after every change.
	h := ic.store.cert.rootHash()
	if !bytes.Equal(ic.certified, h[:]) {
		t.Error("certified data is not the root hash")
	}
}

// TestAssetMethods: create_asset and set_asset_content outside a batch
// commit, with chunks from a batch and a last_chunk.
func TestAssetMethods(t *testing.T) {
	ic := newSite(t)
	mustCall(ic, committer, wire.CreateAssetMethod, wire.CreateAssetArguments{Key: "/m.txt", ContentType: "text/plain"})
	if _, err := call(ic, committer, wire.CreateAssetMethod, wire.CreateAssetArguments{Key: "/m.txt"}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("second create_asset: %v", err)
	}
	// Without content the asset is not served.
	resp, _ := ic.fetch(request{url: "/m.txt", version: v2})
	if resp.StatusCode != 404 {
		t.Errorf("empty asset: %d", resp.StatusCode)
	}
	id := mustCall(ic, preparer, wire.CreateBatchMethod, struct{}{})
	c := mustCall(ic, preparer, wire.CreateChunkMethod, wire.CreateChunkArguments{BatchID: id, Content: []byte("ab")})
	sum := sha256.Sum256([]byte("abcd"))
	mustCall(ic, committer, wire.SetAssetContentMethod, wire.SetAssetContentArguments{Key: "/m.txt", ContentEncoding: "identity", ChunkIDs: []uint64{c}, LastChunk: []byte("cd"), SHA256: sum[:]})
	resp, _ = ic.fetch(request{url: "/m.txt", version: v2})
	if string(resp.Body) != "abcd" {
		t.Errorf("body %q", resp.Body)
	}
	// The chunk was consumed.
	if _, err := call(ic, committer, wire.SetAssetContentMethod, wire.SetAssetContentArguments{Key: "/m.txt", ContentEncoding: "gzip", ChunkIDs: []uint64{c}}); !errors.Is(err, ErrNotFound) {
		t.Errorf("reused chunk: %v", err)
	}
	if _, err := call(ic, committer, wire.SetAssetContentMethod, wire.SetAssetContentArguments{Key: "/none", ContentEncoding: "identity", LastChunk: []byte{}}); !errors.Is(err, ErrNotFound) {
		t.Errorf("content of a missing asset: %v", err)
	}
	if _, err := call(ic, committer, wire.UnsetAssetContentMethod, wire.UnsetAssetContentArguments{Key: "/none", ContentEncoding: "identity"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unset of a missing asset: %v", err)
	}
}
