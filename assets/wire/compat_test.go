package wire

import (
	"reflect"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/candid"
)

// oldDid is the interface as @dfinity/assets 3.4.3 (AssetManager) sees it,
// transcribed from the types of its lib/esm/canisters/assets_idl.js:
// CreateAssetArguments without max_age, enable_aliasing and
// allow_raw_access; SetAssetContentArguments without last_chunk;
// BatchOperationKind without SetAssetProperties; HttpRequest without
// certificate_version; HttpResponse without upgrade.
const oldDid = `
type HeaderField = record { text; text };
type CreateAssetArguments = record { key : text; content_type : text; headers : opt vec HeaderField };
type SetAssetContentArguments = record { key : text; sha256 : opt blob; chunk_ids : vec nat; content_encoding : text };
type UnsetAssetContentArguments = record { key : text; content_encoding : text };
type DeleteAssetArguments = record { key : text };
type BatchOperationKind = variant {
  CreateAsset : CreateAssetArguments;
  UnsetAssetContent : UnsetAssetContentArguments;
  DeleteAsset : DeleteAssetArguments;
  SetAssetContent : SetAssetContentArguments;
  Clear : record {};
};
type HttpRequest = record { url : text; method : text; body : blob; headers : vec HeaderField };
type StreamingCallbackToken = record { key : text; sha256 : opt blob; index : nat; content_encoding : text };
type StreamingCallbackHttpResponse = record { token : opt StreamingCallbackToken; body : blob };
type StreamingStrategy = variant {
  Callback : record {
    token : StreamingCallbackToken;
    callback : func (StreamingCallbackToken) -> (opt StreamingCallbackHttpResponse) query;
  };
};
type HttpResponse = record {
  body : blob;
  headers : vec HeaderField;
  streaming_strategy : opt StreamingStrategy;
  status_code : nat16;
};
service : {
  commit_batch : (record { batch_id : nat; operations : vec BatchOperationKind }) -> ();
  create_asset : (CreateAssetArguments) -> ();
  set_asset_content : (SetAssetContentArguments) -> ();
  http_request : (HttpRequest) -> (HttpResponse) query;
  http_request_streaming_callback : (StreamingCallbackToken) -> (opt StreamingCallbackHttpResponse) query;
}
`

func oldMethod(t *testing.T, name string) *candid.Type {
	t.Helper()
	d, err := candid.ParseDid(oldDid)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := d.Method(name)
	if !ok {
		t.Fatalf("no %s in the old interface", name)
	}
	return m
}

// oldEncode encodes Candid text at the old interface's argument types.
func oldEncode(t *testing.T, name, text string) []byte {
	t.Helper()
	vs, err := candid.ParseArgs(text)
	if err != nil {
		t.Fatal(err)
	}
	b, err := candid.Encode(oldMethod(t, name).Args(), vs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestOldClientArguments decodes what AssetManager 3.4.3 sends: the
// fields it does not know read as null (Candid § Coercion: a missing opt
// field is null).
func TestOldClientArguments(t *testing.T) {
	t.Run("commit_batch", func(t *testing.T) {
		b := oldEncode(t, "commit_batch", `(record { batch_id = 3; operations = vec {
			variant { CreateAsset = record { key = "/a.js"; content_type = "text/javascript"; headers = opt vec { record { "x"; "y" } } } };
			variant { SetAssetContent = record { key = "/a.js"; sha256 = opt blob "\aa"; chunk_ids = vec { 4; 5 }; content_encoding = "identity" } };
			variant { DeleteAsset = record { key = "/old" } };
			variant { Clear = record {} } } })`)
		got, err := CommitBatchMethod.DecodeArgs(b)
		if err != nil {
			t.Fatal(err)
		}
		want := CommitBatchArguments{BatchID: 3, Operations: []BatchOperation{
			{CreateAsset: &CreateAssetArguments{Key: "/a.js", ContentType: "text/javascript", Headers: &[]HeaderField{{"x", "y"}}}},
			{SetAssetContent: &SetAssetContentArguments{Key: "/a.js", ContentEncoding: "identity", ChunkIDs: []uint64{4, 5}, SHA256: []byte{0xaa}}},
			{DeleteAsset: &DeleteAssetArguments{Key: "/old"}},
			{Clear: &struct{}{}},
		}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decoded %#v\nwant %#v", got, want)
		}
	})
	t.Run("create_asset", func(t *testing.T) {
		b := oldEncode(t, "create_asset", `(record { key = "/b"; content_type = "text/plain"; headers = null })`)
		got, err := CreateAssetMethod.DecodeArgs(b)
		if err != nil {
			t.Fatal(err)
		}
		if want := (CreateAssetArguments{Key: "/b", ContentType: "text/plain"}); !reflect.DeepEqual(got, want) {
			t.Errorf("decoded %#v, want %#v", got, want)
		}
	})
	t.Run("set_asset_content", func(t *testing.T) {
		b := oldEncode(t, "set_asset_content", `(record { key = "/b"; sha256 = null; chunk_ids = vec {}; content_encoding = "gzip" })`)
		got, err := SetAssetContentMethod.DecodeArgs(b)
		if err != nil {
			t.Fatal(err)
		}
		want := SetAssetContentArguments{Key: "/b", ContentEncoding: "gzip", ChunkIDs: []uint64{}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decoded %#v, want %#v", got, want)
		}
	})
	t.Run("http_request", func(t *testing.T) {
		b := oldEncode(t, "http_request", `(record { method = "get"; url = "/index.html";
			headers = vec { record { "Accept-Encoding"; "gzip, identity" } }; body = blob "" })`)
		got, err := HTTPRequestMethod.DecodeArgs(b)
		if err != nil {
			t.Fatal(err)
		}
		want := HTTPRequest{Method: "get", URL: "/index.html", Headers: []HeaderField{{"Accept-Encoding", "gzip, identity"}}, Body: []byte{}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decoded %#v, want %#v", got, want)
		}
	})
}

// TestOldClientResults decodes our answers at the old interface's types:
// an old client skips the fields it does not know (upgrade) and accepts
// our streaming callback's func type.
func TestOldClientResults(t *testing.T) {
	resp := HTTPResponse{StatusCode: 206, Headers: []HeaderField{{"a", "b"}}, Body: []byte("part"),
		StreamingToken: &sampleToken, Callback: canisterID, Upgrade: ptr(false)}
	b, err := HTTPRequestMethod.EncodeResult(resp)
	if err != nil {
		t.Fatal(err)
	}
	types := oldMethod(t, "http_request").Results()
	got, err := candid.Decode(b, types)
	if err != nil {
		t.Fatal(err)
	}
	want, err := candid.ParseArgs(expand(`(record { body = blob "part"; headers = vec { record { "a"; "b" } };
		streaming_strategy = opt variant { Callback = record { token = ` + tokenText + `; callback = $callback } };
		status_code = 206 : nat16 })`))
	if err != nil {
		t.Fatal(err)
	}
	wantB, err := candid.Encode(types, want)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ = candid.Decode(wantB, types); !got[0].Equal(want[0]) {
		t.Errorf("old client sees\n%s\nwant\n%s", candid.FormatArgs(got), candid.FormatArgs(want))
	}

	next := &StreamingCallbackHTTPResponse{Body: []byte("rest")}
	b, err = HTTPRequestStreamingCallbackMethod.EncodeResult(next)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := candid.Decode(b, oldMethod(t, "http_request_streaming_callback").Results()); err != nil {
		t.Errorf("old client cannot read the callback's answer: %v", err)
	}
}
