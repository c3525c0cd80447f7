package wire

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Principals of the samples, as bytes and as Candid text.
var (
	canister   = principal.CanisterID(7)
	canisterID = canister.Bytes()
	alice      = principal.SelfAuthenticating([]byte("alice's key")).Bytes()
	bob        = principal.SelfAuthenticating([]byte("bob's key")).Bytes()
)

func principalText(b []byte) string {
	p, err := principal.FromBytes(b)
	if err != nil {
		panic(err)
	}
	return `principal "` + p.String() + `"`
}

// expand replaces the names of the sample principals in Candid text.
func expand(s string) string {
	return strings.NewReplacer("$canister", principalText(canisterID), "$alice", principalText(alice),
		"$bob", principalText(bob), "$callback", `func "`+canister.String()+`".http_request_streaming_callback`).Replace(s)
}

func ptr[T any](v T) *T { return &v }

var (
	sampleHeaders = []HeaderField{{"cache-control", "max-age=60"}, {"x-a", "ü"}}
	headersText   = `vec { record { "cache-control"; "max-age=60" }; record { "x-a"; "ü" } }`
	sampleToken   = StreamingCallbackToken{Key: "/big.bin", ContentEncoding: "gzip", Index: 1, SHA256: []byte{0xab, 0xcd}}
	tokenText     = `record { key = "/big.bin"; content_encoding = "gzip"; index = 1; sha256 = opt blob "\ab\cd" }`
	allOperations = []BatchOperation{
		{CreateAsset: &CreateAssetArguments{Key: "/a", ContentType: "text/html", MaxAge: ptr[uint64](60),
			Headers: &sampleHeaders, EnableAliasing: ptr(true), AllowRawAccess: ptr(false)}},
		{CreateAsset: &CreateAssetArguments{Key: "/b", ContentType: "image/png"}},
		{SetAssetContent: &SetAssetContentArguments{Key: "/a", ContentEncoding: "gzip", ChunkIDs: []uint64{1, 1 << 63},
			LastChunk: []byte("end"), SHA256: []byte{1, 2}}},
		{SetAssetContent: &SetAssetContentArguments{Key: "/b", ContentEncoding: "identity", ChunkIDs: []uint64{}, LastChunk: []byte{}}},
		{SetAssetProperties: &SetAssetPropertiesArguments{Key: "/a", SetMaxAge: true, SetHeaders: true,
			Headers: &[]HeaderField{}, SetIsAliased: true, IsAliased: ptr(true)}},
		{UnsetAssetContent: &UnsetAssetContentArguments{Key: "/a", ContentEncoding: "br"}},
		{DeleteAsset: &DeleteAssetArguments{Key: "/b"}},
		{Clear: &struct{}{}},
	}
	allOperationsText = `vec {
		variant { CreateAsset = record { key = "/a"; content_type = "text/html"; max_age = opt 60;
			headers = opt ` + headersText + `; enable_aliasing = opt true; allow_raw_access = opt false } };
		variant { CreateAsset = record { key = "/b"; content_type = "image/png"; max_age = null; headers = null;
			enable_aliasing = null; allow_raw_access = null } };
		variant { SetAssetContent = record { key = "/a"; content_encoding = "gzip"; chunk_ids = vec { 1; 9223372036854775808 };
			last_chunk = opt blob "end"; sha256 = opt blob "\01\02" } };
		variant { SetAssetContent = record { key = "/b"; content_encoding = "identity"; chunk_ids = vec {};
			last_chunk = opt blob ""; sha256 = null } };
		variant { SetAssetProperties = record { key = "/a"; max_age = opt null; headers = opt opt vec {};
			allow_raw_access = null; is_aliased = opt opt true } };
		variant { UnsetAssetContent = record { key = "/a"; content_encoding = "br" } };
		variant { DeleteAsset = record { key = "/b" } };
		variant { Clear = record {} };
	}`
)

// A case is one call of a method: Go arguments and results, and the same
// values in Candid text, written from assets.did.
type sample[A, R any] struct {
	m          Method[A, R]
	args       A
	argsText   string
	result     R
	resultText string
}

// check encodes the Go values and compares them with the Candid text,
// decoded at assets.did's types, and decodes the text's encoding back to
// Go: both directions of both sides, against an independent rendering (a
// field bound to the wrong struct field round-trips, but fails here).
func (s sample[A, R]) check(t *testing.T, did *candid.Did) {
	ft, ok := did.Method(s.m.Name)
	if !ok {
		t.Fatalf("%s is not in assets.did", s.m.Name)
	}
	checkSide(t, "arguments", ft.Args(), s.args, expand(s.argsText), s.m.EncodeArgs, s.m.DecodeArgs)
	checkSide(t, "results", ft.Results(), s.result, expand(s.resultText), s.m.EncodeResult, s.m.DecodeResult)
}

func checkSide[T any](t *testing.T, what string, types []*candid.Type, v T, text string,
	enc func(T) ([]byte, error), dec func([]byte) (T, error)) {
	t.Helper()
	want, err := candid.ParseArgs(text)
	if err != nil {
		t.Fatalf("%s: the sample text does not parse: %v", what, err)
	}
	wantBytes, err := candid.Encode(types, want)
	if err != nil {
		t.Fatalf("%s: the sample text does not encode at assets.did's types: %v", what, err)
	}
	wantVals, err := candid.Decode(wantBytes, types)
	if err != nil {
		t.Fatal(err)
	}

	b, err := enc(v)
	if err != nil {
		t.Fatalf("%s: encoding: %v", what, err)
	}
	gotVals, err := candid.Decode(b, types)
	if err != nil {
		t.Fatalf("%s: our encoding does not decode at assets.did's types: %v", what, err)
	}
	if !slices.EqualFunc(gotVals, wantVals, candid.Value.Equal) {
		t.Errorf("%s: encoded\n%s\nwant\n%s", what, candid.FormatArgs(gotVals), candid.FormatArgs(wantVals))
	}

	for _, in := range [][]byte{b, wantBytes} {
		got, err := dec(in)
		if err != nil {
			t.Fatalf("%s: decoding %x: %v", what, in, err)
		}
		if !reflect.DeepEqual(got, v) {
			t.Errorf("%s: decoded\n%#v\nwant\n%#v", what, got, v)
		}
	}
}

// call is a sample of any method.
type call interface {
	name() string
	check(*testing.T, *candid.Did)
	seeds() [][]byte                           // the encoded arguments and results
	fuzz(t *testing.T, b []byte, results bool) // see fuzz_test.go
}

func (s sample[A, R]) name() string { return s.m.Name }

// samples has at least one call of every method.
var samples = []call{
	sample[struct{}, uint16]{APIVersionMethod, struct{}{}, `()`, 1, `(1 : nat16)`},
	sample[GetArguments, GetResult]{GetMethod,
		GetArguments{Key: "/index.html", AcceptEncodings: []string{"gzip", "identity"}},
		`(record { key = "/index.html"; accept_encodings = vec { "gzip"; "identity" } })`,
		GetResult{Content: []byte("hi"), ContentType: "text/html", ContentEncoding: "gzip", SHA256: []byte{7}, TotalLength: 1 << 40},
		`(record { content = blob "hi"; content_type = "text/html"; content_encoding = "gzip"; sha256 = opt blob "\07"; total_length = 1099511627776 })`},
	sample[GetChunkArguments, []byte]{GetChunkMethod,
		GetChunkArguments{Key: "/a", ContentEncoding: "gzip", Index: 3},
		`(record { key = "/a"; content_encoding = "gzip"; index = 3; sha256 = null })`,
		[]byte("chunk"), `(record { content = blob "chunk" })`},
	sample[struct{}, []AssetDetails]{ListMethod, struct{}{}, `(record {})`,
		[]AssetDetails{
			{Key: "/a", ContentType: "text/plain", Encodings: []AssetEncodingDetails{
				{ContentEncoding: "identity", SHA256: []byte{9}, Length: 5, Modified: 1_700_000_000_000_000_000},
				{ContentEncoding: "gzip", Length: 1 << 33, Modified: -1},
			}},
			{Key: "/b", ContentType: "x", Encodings: []AssetEncodingDetails{}},
		},
		`(vec {
			record { key = "/a"; content_type = "text/plain"; encodings = vec {
				record { content_encoding = "identity"; sha256 = opt blob "\09"; length = 5; modified = 1700000000000000000 : int };
				record { content_encoding = "gzip"; sha256 = null; length = 8589934592; modified = -1 : int } } };
			record { key = "/b"; content_type = "x"; encodings = vec {} } })`},
	sample[struct{}, CertifiedTree]{CertifiedTreeMethod, struct{}{}, `(record {})`,
		CertifiedTree{Certificate: []byte{0xd9, 0xd9, 0xf7}, Tree: []byte{0x83}},
		`(record { certificate = blob "\d9\d9\f7"; tree = blob "\83" })`},
	sample[struct{}, uint64]{CreateBatchMethod, struct{}{}, `(record {})`, 7, `(record { batch_id = 7 })`},
	sample[CreateChunkArguments, uint64]{CreateChunkMethod,
		CreateChunkArguments{BatchID: 7, Content: []byte("abc")}, `(record { batch_id = 7; content = blob "abc" })`,
		1<<64 - 1, `(record { chunk_id = 18446744073709551615 })`},
	sample[CreateChunksArguments, []uint64]{CreateChunksMethod,
		CreateChunksArguments{BatchID: 7, Content: [][]byte{[]byte("a"), {}, []byte("c")}},
		`(record { batch_id = 7; content = vec { blob "a"; blob ""; blob "c" } })`,
		[]uint64{1, 2, 3}, `(record { chunk_ids = vec { 1; 2; 3 } })`},
	sample[CommitBatchArguments, struct{}]{CommitBatchMethod,
		CommitBatchArguments{BatchID: 7, Operations: allOperations},
		`(record { batch_id = 7; operations = ` + allOperationsText + ` })`, struct{}{}, `()`},
	sample[CommitBatchArguments, struct{}]{ProposeCommitBatchMethod,
		CommitBatchArguments{BatchID: 8, Operations: []BatchOperation{}},
		`(record { batch_id = 8; operations = vec {} })`, struct{}{}, `()`},
	sample[CommitProposedBatchArguments, struct{}]{CommitProposedBatchMethod,
		CommitProposedBatchArguments{BatchID: 8, Evidence: []byte{0xee}},
		`(record { batch_id = 8; evidence = blob "\ee" })`, struct{}{}, `()`},
	sample[ComputeEvidenceArguments, []byte]{ComputeEvidenceMethod,
		ComputeEvidenceArguments{BatchID: 8, MaxIterations: ptr[uint16](100)},
		`(record { batch_id = 8; max_iterations = opt 100 })`, []byte{0xee}, `(opt blob "\ee")`},
	sample[ComputeEvidenceArguments, []byte]{ComputeEvidenceMethod,
		ComputeEvidenceArguments{BatchID: 8}, `(record { batch_id = 8; max_iterations = null })`, nil, `(null)`},
	sample[DeleteBatchArguments, struct{}]{DeleteBatchMethod,
		DeleteBatchArguments{BatchID: 9}, `(record { batch_id = 9 })`, struct{}{}, `()`},
	sample[CreateAssetArguments, struct{}]{CreateAssetMethod,
		*allOperations[0].CreateAsset, `(record { key = "/a"; content_type = "text/html"; max_age = opt 60;
			headers = opt ` + headersText + `; enable_aliasing = opt true; allow_raw_access = opt false })`, struct{}{}, `()`},
	sample[SetAssetContentArguments, struct{}]{SetAssetContentMethod,
		*allOperations[2].SetAssetContent, `(record { key = "/a"; content_encoding = "gzip"; chunk_ids = vec { 1; 9223372036854775808 };
			last_chunk = opt blob "end"; sha256 = opt blob "\01\02" })`, struct{}{}, `()`},
	sample[UnsetAssetContentArguments, struct{}]{UnsetAssetContentMethod,
		UnsetAssetContentArguments{Key: "/a", ContentEncoding: "br"},
		`(record { key = "/a"; content_encoding = "br" })`, struct{}{}, `()`},
	sample[DeleteAssetArguments, struct{}]{DeleteAssetMethod,
		DeleteAssetArguments{Key: "/a"}, `(record { key = "/a" })`, struct{}{}, `()`},
	sample[struct{}, struct{}]{ClearMethod, struct{}{}, `(record {})`, struct{}{}, `()`},
	sample[StoreArguments, struct{}]{StoreMethod,
		StoreArguments{Key: "/s", ContentType: "text/css", ContentEncoding: "identity", Content: []byte("p{}"), SHA256: []byte{3}},
		`(record { key = "/s"; content_type = "text/css"; content_encoding = "identity"; content = blob "p{}"; sha256 = opt blob "\03" })`,
		struct{}{}, `()`},
	sample[HTTPRequest, HTTPResponse]{HTTPRequestMethod,
		HTTPRequest{Method: "GET", URL: "/index.html", Headers: sampleHeaders, Body: []byte{}, CertificateVersion: ptr[uint16](2)},
		`(record { method = "GET"; url = "/index.html"; headers = ` + headersText + `; body = blob ""; certificate_version = opt 2 })`,
		HTTPResponse{StatusCode: 200, Headers: sampleHeaders, Body: []byte("<html>"), StreamingToken: &sampleToken,
			Callback: canisterID, Upgrade: ptr(false)},
		`(record { status_code = 200; headers = ` + headersText + `; body = blob "<html>";
			streaming_strategy = opt variant { Callback = record { callback = $callback; token = ` + tokenText + ` } };
			upgrade = opt false })`},
	sample[HTTPRequest, HTTPResponse]{HTTPRequestMethod,
		HTTPRequest{Method: "POST", URL: "/", Headers: []HeaderField{}, Body: []byte("x")},
		`(record { method = "POST"; url = "/"; headers = vec {}; body = blob "x"; certificate_version = null })`,
		HTTPResponse{StatusCode: 404, Headers: []HeaderField{}, Body: []byte{}},
		`(record { status_code = 404; headers = vec {}; body = blob ""; streaming_strategy = null; upgrade = null })`},
	sample[StreamingCallbackToken, *StreamingCallbackHTTPResponse]{HTTPRequestStreamingCallbackMethod,
		sampleToken, `(` + tokenText + `)`,
		&StreamingCallbackHTTPResponse{Body: []byte("more"), Token: &StreamingCallbackToken{Key: "/big.bin", ContentEncoding: "gzip", Index: 2}},
		`(opt record { body = blob "more"; token = opt record { key = "/big.bin"; content_encoding = "gzip"; index = 2; sha256 = null } })`},
	sample[StreamingCallbackToken, *StreamingCallbackHTTPResponse]{HTTPRequestStreamingCallbackMethod,
		sampleToken, `(` + tokenText + `)`,
		&StreamingCallbackHTTPResponse{Body: []byte("last")}, `(opt record { body = blob "last"; token = null })`},
	sample[StreamingCallbackToken, *StreamingCallbackHTTPResponse]{HTTPRequestStreamingCallbackMethod,
		sampleToken, `(` + tokenText + `)`, nil, `(null)`},
	sample[[]byte, struct{}]{AuthorizeMethod, alice, `($alice)`, struct{}{}, `()`},
	sample[[]byte, struct{}]{DeauthorizeMethod, []byte{}, `(principal "aaaaa-aa")`, struct{}{}, `()`},
	sample[struct{}, [][]byte]{ListAuthorizedMethod, struct{}{}, `()`, [][]byte{alice, bob}, `(vec { $alice; $bob })`},
	sample[GrantPermission, struct{}]{GrantPermissionMethod,
		GrantPermission{ToPrincipal: bob, Permission: PermissionCommit},
		`(record { to_principal = $bob; permission = variant { Commit } })`, struct{}{}, `()`},
	sample[RevokePermission, struct{}]{RevokePermissionMethod,
		RevokePermission{OfPrincipal: alice, Permission: PermissionPrepare},
		`(record { of_principal = $alice; permission = variant { Prepare } })`, struct{}{}, `()`},
	sample[ListPermitted, [][]byte]{ListPermittedMethod,
		ListPermitted{Permission: PermissionManagePermissions}, `(record { permission = variant { ManagePermissions } })`,
		[][]byte{}, `(vec {})`},
	sample[struct{}, struct{}]{TakeOwnershipMethod, struct{}{}, `()`, struct{}{}, `()`},
	sample[string, AssetProperties]{GetAssetPropertiesMethod, "/a", `("/a")`,
		AssetProperties{MaxAge: ptr[uint64](3600), Headers: &sampleHeaders, IsAliased: ptr(true)},
		`(record { max_age = opt 3600; headers = opt ` + headersText + `; allow_raw_access = null; is_aliased = opt true })`},
	sample[SetAssetPropertiesArguments, struct{}]{SetAssetPropertiesMethod,
		SetAssetPropertiesArguments{Key: "/a", SetMaxAge: true, MaxAge: ptr[uint64](60), SetHeaders: true,
			SetAllowRawAccess: false, SetIsAliased: true, IsAliased: ptr(false)},
		`(record { key = "/a"; max_age = opt opt 60; headers = opt null; allow_raw_access = null; is_aliased = opt opt false })`,
		struct{}{}, `()`},
	sample[struct{}, ConfigurationResponse]{GetConfigurationMethod, struct{}{}, `()`,
		ConfigurationResponse{MaxBatches: ptr[uint64](1), MaxBytes: ptr[uint64](1 << 62)},
		`(record { max_batches = opt 1; max_chunks = null; max_bytes = opt 4611686018427387904 })`},
	sample[ConfigureArguments, struct{}]{ConfigureMethod,
		ConfigureArguments{SetMaxBatches: true, MaxBatches: ptr[uint64](10), SetMaxChunks: true},
		`(record { max_batches = opt opt 10; max_chunks = opt null; max_bytes = null })`, struct{}{}, `()`},
	sample[GrantPermission, ValidationResult]{ValidateGrantPermissionMethod,
		GrantPermission{ToPrincipal: alice, Permission: PermissionManagePermissions},
		`(record { to_principal = $alice; permission = variant { ManagePermissions } })`,
		ValidationResult{OK: true, Msg: "grant ManagePermissions"}, `(variant { Ok = "grant ManagePermissions" })`},
	sample[RevokePermission, ValidationResult]{ValidateRevokePermissionMethod,
		RevokePermission{OfPrincipal: canisterID, Permission: PermissionCommit},
		`(record { of_principal = $canister; permission = variant { Commit } })`,
		ValidationResult{Msg: "no"}, `(variant { Err = "no" })`},
	sample[struct{}, ValidationResult]{ValidateTakeOwnershipMethod, struct{}{}, `()`,
		ValidationResult{OK: true}, `(variant { Ok = "" })`},
	sample[CommitProposedBatchArguments, ValidationResult]{ValidateCommitProposedBatchMethod,
		CommitProposedBatchArguments{BatchID: 1, Evidence: []byte{}}, `(record { batch_id = 1; evidence = blob "" })`,
		ValidationResult{OK: true, Msg: "commit 1"}, `(variant { Ok = "commit 1" })`},
	sample[ConfigureArguments, ValidationResult]{ValidateConfigureMethod,
		ConfigureArguments{SetMaxBytes: true, MaxBytes: ptr[uint64](0)},
		`(record { max_batches = null; max_chunks = null; max_bytes = opt opt 0 })`,
		ValidationResult{Msg: "bad"}, `(variant { Err = "bad" })`},
}

// TestRoundTrip runs every sample: each method's arguments and results,
// Go to bytes and back, checked against the Candid text of the same call.
func TestRoundTrip(t *testing.T) {
	did, err := candid.ParseDid(DID)
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, s := range samples {
		covered[s.name()] = true
		t.Run(s.name(), func(t *testing.T) { s.check(t, did) })
	}
	for _, name := range Methods() {
		if !covered[name] {
			t.Errorf("no sample calls %s", name)
		}
	}
}

// TestCanisterArgs checks the install argument: none in its three forms,
// Init and Upgrade.
func TestCanisterArgs(t *testing.T) {
	perms := &SetPermissions{Prepare: [][]byte{alice}, Commit: [][]byte{}, ManagePermissions: [][]byte{bob, canisterID}}
	for _, tc := range []struct {
		name string
		args *CanisterArgs
		text string // "" for no bytes at all
	}{
		{"no bytes", nil, ""},
		{"no values", nil, "()"},
		{"null", nil, "(null)"},
		{"init", &CanisterArgs{Init: &InitArgs{}}, "(opt variant { Init = record { set_permissions = null } })"},
		{"init with permissions", &CanisterArgs{Init: &InitArgs{SetPermissions: perms}},
			"(opt variant { Init = record { set_permissions = opt record { prepare = vec { $alice }; commit = vec {}; manage_permissions = vec { $bob; $canister } } } })"},
		{"upgrade", &CanisterArgs{Upgrade: &UpgradeArgs{SetPermissions: perms}},
			"(opt variant { Upgrade = record { set_permissions = opt record { prepare = vec { $alice }; commit = vec {}; manage_permissions = vec { $bob; $canister } } } })"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in []byte
			if tc.text != "" {
				vs, err := candid.ParseArgs(expand(tc.text))
				if err != nil {
					t.Fatal(err)
				}
				if in, err = candid.Encode(installArg.types[:len(vs)], vs); err != nil {
					t.Fatal(err)
				}
			}
			got, err := DecodeCanisterArgs(in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.args) {
				t.Fatalf("decoded %#v, want %#v", got, tc.args)
			}
			b, err := EncodeCanisterArgs(tc.args)
			if err != nil {
				t.Fatal(err)
			}
			again, err := DecodeCanisterArgs(b)
			if err != nil || !reflect.DeepEqual(again, tc.args) {
				t.Fatalf("round trip gives %#v, %v", again, err)
			}
			if tc.text != "" && tc.text != "()" && !bytes.Equal(b, in) {
				t.Errorf("encoded %x, want %x", b, in)
			}
		})
	}
}
