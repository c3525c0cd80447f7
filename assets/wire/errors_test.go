package wire

import (
	"errors"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/candid"
)

// encodeText encodes Candid text at assets.did's types of a method's
// arguments (results if results is set).
func encodeText(t *testing.T, method, text string, results bool) []byte {
	t.Helper()
	d, err := candid.ParseDid(DID)
	if err != nil {
		t.Fatal(err)
	}
	ft, _ := d.Method(method)
	types := ft.Args()
	if results {
		types = ft.Results()
	}
	vs, err := candid.ParseArgs(expand(text))
	if err != nil {
		t.Fatal(err)
	}
	b, err := candid.Encode(types, vs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkErr checks that err is an *Error about method and path wrapping
// kind, and that its message names the path.
func checkErr(t *testing.T, err error, method, path string, kind error) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%v is not an *Error", err)
	}
	if e.Method != method || e.Path != path {
		t.Errorf("error about %s %q, want %s %q: %v", e.Method, e.Path, method, path, err)
	}
	if !errors.Is(err, kind) {
		t.Errorf("%v does not wrap %v", err, kind)
	}
	if !strings.HasPrefix(err.Error(), "wire: ") || !strings.Contains(err.Error(), path) {
		t.Errorf("message %q does not start with wire: or name %q", err, path)
	}
}

// TestDecodeRangeErrors: a nat that does not fit 64 bits is refused, and
// the error names the field.
func TestDecodeRangeErrors(t *testing.T) {
	t.Run("chunk id", func(t *testing.T) {
		b := encodeText(t, "commit_batch", `(record { batch_id = 1; operations = vec {
			variant { DeleteAsset = record { key = "/a" } };
			variant { SetAssetContent = record { key = "/a"; content_encoding = "identity";
				chunk_ids = vec { 1; 18446744073709551616 }; last_chunk = null; sha256 = null } } } })`, false)
		_, err := CommitBatchMethod.DecodeArgs(b)
		checkErr(t, err, "commit_batch", "operations[1].SetAssetContent.chunk_ids[1]", ErrRange)
		if !strings.Contains(err.Error(), "18446744073709551616") {
			t.Errorf("%v does not show the number", err)
		}
	})
	t.Run("batch id", func(t *testing.T) {
		b := encodeText(t, "create_chunk", `(record { batch_id = 340282366920938463463374607431768211456; content = blob "" })`, false)
		_, err := CreateChunkMethod.DecodeArgs(b)
		checkErr(t, err, "create_chunk", "batch_id", ErrRange)
	})
	t.Run("streaming index", func(t *testing.T) {
		b := encodeText(t, "http_request_streaming_callback",
			`(record { key = "/a"; content_encoding = "gzip"; index = 18446744073709551616; sha256 = null })`, false)
		_, err := HTTPRequestStreamingCallbackMethod.DecodeArgs(b)
		checkErr(t, err, "http_request_streaming_callback", "index", ErrRange)
	})
	t.Run("modified", func(t *testing.T) {
		b := encodeText(t, "list", `(vec { record { key = "/a"; content_type = "x"; encodings = vec {
			record { content_encoding = "identity"; sha256 = null; length = 1; modified = -9223372036854775809 } } } })`, true)
		_, err := ListMethod.DecodeResult(b)
		checkErr(t, err, "list", "[0].encodings[0].modified", ErrRange)
	})
	t.Run("largest nat", func(t *testing.T) {
		b := encodeText(t, "create_chunk", `(record { batch_id = 18446744073709551615; content = blob "" })`, false)
		a, err := CreateChunkMethod.DecodeArgs(b)
		if err != nil || a.BatchID != 1<<64-1 {
			t.Fatalf("got %d, %v", a.BatchID, err)
		}
	})
}

// TestDecodeValueErrors: values the Go types cannot hold.
func TestDecodeValueErrors(t *testing.T) {
	b := encodeText(t, "authorize", `(principal "aaaaa-aa")`, false)
	if _, err := AuthorizeMethod.DecodeArgs(b); err != nil {
		t.Fatalf("the management canister's principal: %v", err)
	}
	// A 30-byte principal: the text form cannot spell it, so splice it in.
	b = append(b[:len(b)-1], 30)
	b = append(b, make([]byte, 30)...)
	_, err := AuthorizeMethod.DecodeArgs(b)
	checkErr(t, err, "authorize", "", ErrValue)

	b = encodeText(t, "http_request", `(record { status_code = 200; headers = vec {}; body = blob "";
		streaming_strategy = opt variant { Callback = record { callback = func "aaaaa-aa".other;
		token = `+tokenText+` } }; upgrade = null })`, true)
	_, err = HTTPRequestMethod.DecodeResult(b)
	checkErr(t, err, "http_request", "streaming_strategy.Callback.callback", ErrValue)
}

// TestDecodeMalformed: bytes that are not a message of the method's types.
func TestDecodeMalformed(t *testing.T) {
	good := encodeText(t, "create_chunk", `(record { batch_id = 1; content = blob "abc" })`, false)
	for _, tc := range []struct {
		name string
		b    []byte
		kind error
	}{
		{"empty", nil, candid.ErrInvalid},
		{"no magic", []byte("DIDX\x00\x00"), candid.ErrInvalid},
		{"no arguments", []byte("DIDL\x00\x00"), candid.ErrType},
		{"wrong type", encodeText(t, "delete_asset", `(record { key = "/a" })`, false), candid.ErrType},
		{"trailing byte", append(append([]byte{}, good...), 0), candid.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CreateChunkMethod.DecodeArgs(tc.b)
			checkErr(t, err, "create_chunk", "", tc.kind)
		})
	}
}

// TestTruncations decodes every proper prefix of a message: each fails
// with an error, none panics.
func TestTruncations(t *testing.T) {
	b, err := CommitBatchMethod.EncodeArgs(CommitBatchArguments{BatchID: 1, Operations: allOperations})
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(b) {
		if _, err := CommitBatchMethod.DecodeArgs(b[:n]); err == nil {
			t.Fatalf("prefix of %d bytes of %d decodes", n, len(b))
		}
	}
	b, err = HTTPRequestMethod.EncodeResult(goldenStreamed)
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(b) {
		if _, err := HTTPRequestMethod.DecodeResult(b[:n]); err == nil {
			t.Fatalf("prefix of %d bytes of %d decodes", n, len(b))
		}
	}
}

// TestEncodeErrors: Go values with no Candid form.
func TestEncodeErrors(t *testing.T) {
	t.Run("no operation", func(t *testing.T) {
		_, err := CommitBatchMethod.EncodeArgs(CommitBatchArguments{Operations: []BatchOperation{{Clear: &struct{}{}}, {}}})
		checkErr(t, err, "commit_batch", "operations[1]", ErrValue)
	})
	t.Run("two operations", func(t *testing.T) {
		_, err := CommitBatchMethod.EncodeArgs(CommitBatchArguments{Operations: []BatchOperation{
			{Clear: &struct{}{}, DeleteAsset: &DeleteAssetArguments{}}}})
		checkErr(t, err, "commit_batch", "operations[0]", ErrValue)
	})
	t.Run("bad operation", func(t *testing.T) {
		_, err := CommitBatchMethod.EncodeArgs(CommitBatchArguments{Operations: []BatchOperation{
			{CreateAsset: &CreateAssetArguments{Key: "\xff"}}}})
		checkErr(t, err, "commit_batch", "", candid.ErrType)
	})
	t.Run("permission", func(t *testing.T) {
		_, err := GrantPermissionMethod.EncodeArgs(GrantPermission{ToPrincipal: alice})
		checkErr(t, err, "grant_permission", "permission", ErrValue)
		_, err = ListPermittedMethod.EncodeArgs(ListPermitted{Permission: PermissionPrepare + 1})
		checkErr(t, err, "list_permitted", "permission", ErrValue)
	})
	t.Run("long principal", func(t *testing.T) {
		_, err := AuthorizeMethod.EncodeArgs(make([]byte, 30))
		checkErr(t, err, "authorize", "", ErrValue)
		_, err = ListAuthorizedMethod.EncodeResult([][]byte{alice, make([]byte, 30)})
		checkErr(t, err, "list_authorized", "[1]", ErrValue)
	})
	t.Run("streaming without callback", func(t *testing.T) {
		_, err := HTTPRequestMethod.EncodeResult(HTTPResponse{StatusCode: 200, StreamingToken: &sampleToken})
		checkErr(t, err, "http_request", "streaming_strategy.Callback.callback", ErrValue)
	})
	t.Run("install argument", func(t *testing.T) {
		_, err := EncodeCanisterArgs(&CanisterArgs{})
		checkErr(t, err, "install", "", ErrValue)
		_, err = DecodeCanisterArgs([]byte("DIDL\x00\x01\x71"))
		checkErr(t, err, "install", "", candid.ErrInvalid)
		// An argument of another type is null for an opt (Candid §
		// Coercion, Options), as it is for DFINITY's canister.
		if a, err := DecodeCanisterArgs([]byte("DIDL\x00\x01\x71\x00")); a != nil || err != nil {
			t.Errorf("a text argument decodes to %v, %v", a, err)
		}
	})
	t.Run("zero method", func(t *testing.T) {
		var m Method[struct{}, struct{}]
		if _, err := m.EncodeArgs(struct{}{}); !errors.Is(err, ErrValue) {
			t.Errorf("EncodeArgs: %v", err)
		}
		if _, err := m.DecodeArgs([]byte("DIDL\x00\x00")); !errors.Is(err, ErrValue) {
			t.Errorf("DecodeArgs: %v", err)
		}
		if _, err := m.EncodeResult(struct{}{}); !errors.Is(err, ErrValue) {
			t.Errorf("EncodeResult: %v", err)
		}
		if _, err := m.DecodeResult([]byte("DIDL\x00\x00")); !errors.Is(err, ErrValue) {
			t.Errorf("DecodeResult: %v", err)
		}
	})
}

// TestPermissionString names the cases.
func TestPermissionString(t *testing.T) {
	for p, want := range map[Permission]string{
		PermissionCommit: "Commit", PermissionManagePermissions: "ManagePermissions",
		PermissionPrepare: "Prepare", 0: "Permission(0)", 9: "Permission(9)",
	} {
		if got := p.String(); got != want {
			t.Errorf("%d: %q, want %q", p, got, want)
		}
	}
}
