package httpapi

import (
	"net/http"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// TestReadStatePermissions checks may_read_path_for_canister and
// may_read_path_for_subnet (abstract-behavior.md; PROTOCOL.md §1.8).
func TestReadStatePermissions(t *testing.T) {
	alice, bob := user(t, 1), user(t, 2)
	l := func(s string) []byte { return []byte(s) }
	cid, other := testCanister.Bytes(), otherHosted.Bytes()
	sid, nonRoot := testSubnet.Bytes(), principal.SelfAuthenticating([]byte("another subnet")).Bytes()
	canister := func(v int) string {
		return "/api/v" + string(rune('0'+v)) + "/canister/" + testCanister.String() + "/read_state"
	}
	subnet := func(v int) string {
		return "/api/v" + string(rune('0'+v)) + "/subnet/" + testSubnet.String() + "/read_state"
	}

	tests := []struct {
		name   string
		path   string
		paths  [][][]byte
		status int
		text   string
	}{
		{"time", canister(3), [][][]byte{{l("time")}}, 200, ""},
		{"subnet subtree", canister(3), [][][]byte{{l("subnet")}}, 200, ""},
		{"subnet keys and nodes", canister(3), [][][]byte{
			{l("subnet"), sid, l("public_key")}, {l("subnet"), sid, l("type")}, {l("subnet"), sid, l("node")},
			{l("subnet"), sid, l("node"), l("n1"), l("public_key")}}, 200, ""},
		{"root canister_ranges on v3", canister(3), [][][]byte{{l("subnet"), sid, l("canister_ranges")}}, 200, ""},
		{"other canister_ranges on v2", canister(2), [][][]byte{{l("subnet"), nonRoot, l("canister_ranges")}}, 200, ""},
		{"other canister_ranges on v3", canister(3), [][][]byte{{l("subnet"), nonRoot, l("canister_ranges")}}, 404, "Invalid path requested."},
		{"api boundary nodes", canister(3), [][][]byte{{l("api_boundary_nodes"), l("n"), l("domain")}}, 200, ""},
		{"own canister module_hash and controllers", canister(3), [][][]byte{
			{l("canister"), cid, l("module_hash")}, {l("canister"), cid, l("controllers")},
			{l("canister"), cid, l("canister_creation_timestamp")}}, 200, ""},
		{"other canister module_hash", canister(3), [][][]byte{{l("canister"), other, l("module_hash")}}, 400,
			"does not match requested principal id"},
		{"certified_data never", canister(3), [][][]byte{{l("canister"), cid, l("certified_data")}}, 404, "Invalid path requested."},
		{"whole canister subtree", canister(3), [][][]byte{{l("canister"), cid}}, 404, ""},
		{"public metadata", canister(3), [][][]byte{{l("canister"), cid, l("metadata"), l("candid:service")}}, 200, ""},
		{"absent metadata", canister(3), [][][]byte{{l("canister"), cid, l("metadata"), l("nothing")}}, 200, ""},
		{"private metadata by non-controller", canister(3), [][][]byte{{l("canister"), cid, l("metadata"), l("secret")}}, 403,
			"can only be requested by the controllers"},
		{"metadata name not UTF-8", canister(3), [][][]byte{{l("canister"), cid, l("metadata"), {0xff}}}, 400, "custom section name"},
		{"canister_ranges on canister form", canister(3), [][][]byte{{l("canister_ranges"), sid}}, 404, ""},
		{"metrics on canister form", canister(3), [][][]byte{{l("subnet"), sid, l("metrics")}}, 404, ""},
		{"unknown root label", canister(3), [][][]byte{{l("secrets")}}, 404, ""},
		{"empty path", canister(3), [][][]byte{{}}, 404, ""},
		{"unknown request", canister(3), [][][]byte{{l("request_status"), make([]byte, 32), l("status")}}, 200, ""},
		{"short request id", canister(3), [][][]byte{{l("request_status"), make([]byte, 31)}}, 400, "32 bytes"},
		{"two request ids", canister(3), [][][]byte{
			{l("request_status"), make([]byte, 32)}, {l("request_status"), append(make([]byte, 31), 1)}}, 400,
			"More than one non-unique request ID"},

		{"subnet form: ranges and metrics", subnet(3), [][][]byte{
			{l("time")}, {l("canister_ranges"), sid}, {l("subnet"), sid, l("metrics")}}, 200, ""},
		{"subnet form: two ranges subnets", subnet(3), [][][]byte{{l("canister_ranges"), sid}, {l("canister_ranges"), nonRoot}}, 400, ""},
		{"subnet form: other metrics", subnet(3), [][][]byte{{l("subnet"), nonRoot, l("metrics")}}, 400, ""},
		{"subnet form: canister paths", subnet(2), [][][]byte{{l("canister"), cid, l("module_hash")}}, 404, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t, Options{})
			e.b.metadata["candid:service"] = true
			e.b.metadata["secret"] = false
			e.b.controllers[testCanister] = []principal.Principal{bob.Sender()}
			body, _ := signed(t, alice, readStateContent(tc.paths...))
			resp, out := e.post(tc.path, body)
			if tc.status != 200 {
				wantText(t, resp, out, tc.status, tc.text)
				return
			}
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, out)
			}
			m := decodeCBOR(t, out)
			if want := "certificate revealing"; string(m["certificate"].([]byte))[:len(want)] != want {
				t.Errorf("certificate %q", m["certificate"])
			}
			if len(e.b.lastPaths) != len(tc.paths) {
				t.Errorf("backend got %d paths, want %d", len(e.b.lastPaths), len(tc.paths))
			}
		})
	}
}

// TestReadStateRequestStatus checks that a request's status is readable
// only by its sender, through the effective canister id it was sent to.
func TestReadStateRequestStatus(t *testing.T) {
	alice, bob := user(t, 1), user(t, 2)
	e := newTestEnv(t, Options{})
	body, rid := signed(t, alice, callContent(envelope.Call, testCanister, "greet", nil))
	if resp, out := e.post("/api/v2/canister/"+testCanister.String()+"/call", body); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("call: %d %s", resp.StatusCode, out)
	}
	paths := [][][]byte{{[]byte("request_status"), rid[:], []byte("status")}, {[]byte("request_status"), rid[:], []byte("reply")}}
	read := func(who interface {
		Sender() principal.Principal
		PublicKeyDER() []byte
		Sign([]byte) ([]byte, error)
	}, ecid principal.Principal) (*http.Response, []byte) {
		b, _ := signed(t, who, readStateContent(paths...))
		return e.post("/api/v3/canister/"+ecid.String()+"/read_state", b)
	}
	if resp, out := read(alice, testCanister); resp.StatusCode != 200 {
		t.Fatalf("sender: %d %s", resp.StatusCode, out)
	}
	resp, out := read(bob, testCanister)
	wantText(t, resp, out, 403, "not signed by the caller")
	resp, out = read(alice, otherHosted)
	wantText(t, resp, out, 403, "another effective canister id")
}

// TestReadStatePrivateMetadata checks that a controller may read a private
// custom section (icp:private).
func TestReadStatePrivateMetadata(t *testing.T) {
	bob := user(t, 2)
	e := newTestEnv(t, Options{})
	e.b.metadata["secret"] = false
	e.b.controllers[testCanister] = []principal.Principal{bob.Sender()}
	body, _ := signed(t, bob, readStateContent([][]byte{[]byte("canister"), testCanister.Bytes(), []byte("metadata"), []byte("secret")}))
	if resp, out := e.post("/api/v3/canister/"+testCanister.String()+"/read_state", body); resp.StatusCode != 200 {
		t.Fatalf("controller: %d %s", resp.StatusCode, out)
	}
}
