package routing

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

func networkJSON(extra string) string {
	return fmt.Sprintf(`{"version":1,"root_key":"0102","api_url":"http://127.0.0.1:1","identity_pem":"x",
	 "subnets":[
	  {"id":%q,"kind":"system","canister_ranges":[[%q,%q]],"nodes":[{"id":%q,"api_url":"http://127.0.0.1:1001"}]},
	  {"id":%q,"kind":"application","canister_ranges":[[%q,%q],[%q,%q]],
	   "nodes":[{"id":%q,"api_url":"http://127.0.0.1:1002"},{"id":%q,"api_url":"http://127.0.0.1:1003/prefix"}]}%s],
	 "canisters":{}}`,
		subnetID("nns"), principal.CanisterID(0), principal.CanisterID(9), nodeID("a"),
		subnetID("app"), principal.CanisterID(100), principal.CanisterID(199), principal.CanisterID(300), principal.CanisterID(399),
		nodeID("b"), nodeID("c"), extra)
}

// TestNetworkFile: network.json as `threshold up` writes it, and the
// lookups of the spec's canister_ranges (inclusive, byte order).
func TestNetworkFile(t *testing.T) {
	tab, err := ParseNetworkFile([]byte(networkJSON("")))
	if err != nil {
		t.Fatal(err)
	}
	if string(tab.RootKey()) != "\x01\x02" || len(tab.Subnets()) != 2 {
		t.Fatalf("root key %x, %d subnets", tab.RootKey(), len(tab.Subnets()))
	}
	for _, tc := range []struct {
		canister uint64
		want     string // subnet name, "" for none
	}{
		{0, "nns"}, {9, "nns"}, {10, ""}, {99, ""}, {100, "app"}, {150, "app"}, {199, "app"},
		{200, ""}, {300, "app"}, {399, "app"}, {400, ""}, {1 << 40, ""},
	} {
		t.Run(fmt.Sprint(tc.canister), func(t *testing.T) {
			s, ok := tab.SubnetForCanister(principal.CanisterID(tc.canister))
			switch {
			case tc.want == "" && ok:
				t.Fatalf("found subnet %s", s.ID)
			case tc.want != "" && (!ok || s.ID != subnetID(tc.want)):
				t.Fatalf("got %v %v, want %s", s, ok, tc.want)
			}
		})
	}
	app, ok := tab.Subnet(subnetID("app"))
	if !ok || app.Kind != Application || len(app.Nodes) != 2 || app.Nodes[1].URL.Path != "/prefix" {
		t.Fatalf("app subnet %+v", app)
	}
	if _, ok := tab.Subnet(subnetID("other")); ok {
		t.Fatal("unknown subnet found")
	}
	// A management-canister id and non-canister ids sort outside the ranges.
	if _, ok := tab.SubnetForCanister(principal.Management); ok {
		t.Fatal("aaaaa-aa in a range")
	}
}

func TestNetworkFileRefused(t *testing.T) {
	overlap := fmt.Sprintf(`,{"id":%q,"kind":"application","canister_ranges":[[%q,%q]],"nodes":[{"id":%q,"api_url":"http://127.0.0.1:1"}]}`,
		subnetID("x"), principal.CanisterID(5), principal.CanisterID(50), nodeID("x"))
	noNodes := fmt.Sprintf(`,{"id":%q,"kind":"application","canister_ranges":[],"nodes":[]}`, subnetID("y"))
	badURL := fmt.Sprintf(`,{"id":%q,"kind":"application","canister_ranges":[],"nodes":[{"id":%q,"api_url":"/node"}]}`, subnetID("z"), nodeID("z"))
	for _, tc := range []struct{ name, doc, want string }{
		{"not json", `{`, "network file"},
		{"version", `{"version":2}`, "version 2"},
		{"root key", `{"version":1,"root_key":"zz"}`, "root_key"},
		{"overlap", networkJSON(overlap), "overlap"},
		{"duplicate subnet", strings.Replace(networkJSON(""), subnetID("app").String(), subnetID("nns").String(), 1), "twice"},
		{"no nodes", networkJSON(noNodes), "no nodes"},
		{"relative url", networkJSON(badURL), "absolute"},
		{"bad subnet id", `{"version":1,"root_key":"","subnets":[{"id":"nope"}]}`, "subnet id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseNetworkFile([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestParsePath: the endpoints of the HTTP interface (PROTOCOL.md §1.1).
func TestParsePath(t *testing.T) {
	c := principal.CanisterID(3)
	for _, tc := range []struct {
		path string
		want Target
		err  error
	}{
		{"/api/v2/status", Target{Op: OpStatus, Version: 2}, nil},
		{"/api/v2/canister/" + c.String() + "/query", Target{Op: OpQuery, Version: 2, ID: c}, nil},
		{"/api/v3/canister/" + c.String() + "/read_state", Target{Op: OpReadState, Version: 3, ID: c}, nil},
		{"/api/v4/canister/" + c.String() + "/call", Target{Op: OpCall, Version: 4, ID: c}, nil},
		{"/api/v3/subnet/" + subnetID("a").String() + "/read_state", Target{Op: OpReadState, Version: 3, Subnet: true, ID: subnetID("a")}, nil},
		{"/api/v3/status", Target{}, ErrNotAPIPath},
		{"/api/v5/canister/" + c.String() + "/query", Target{}, ErrNotAPIPath},
		{"/api/v2/canister/" + c.String() + "/nope", Target{}, ErrNotAPIPath},
		{"/api/v2/canister/" + c.String(), Target{}, ErrNotAPIPath},
		{"/api/v2/node/" + c.String() + "/query", Target{}, ErrNotAPIPath},
		{"/index.html", Target{}, ErrNotAPIPath},
		{"/api/v2/canister/not-a-principal/query", Target{}, ErrBadID},
	} {
		t.Run(tc.path, func(t *testing.T) {
			got, err := ParsePath(tc.path)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}
