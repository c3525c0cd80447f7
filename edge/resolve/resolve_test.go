package resolve

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

var (
	idA   = principal.CanisterID(1)
	idB   = principal.CanisterID(0x20_0007)
	idNNS = principal.CanisterID(3)
)

func testResolver(t testing.TB) *Resolver {
	t.Helper()
	r, err := New(Config{
		Apexes:          []Apex{{Name: "localhost", Raw: true}, {Name: "icp0.io"}, {Name: "Apps.Example.COM.", Raw: true}},
		Aliases:         map[string]principal.Principal{"nns": idNNS},
		QueryCanisterID: true,
		CustomDomains:   map[string]principal.Principal{"Shop.Example.org.": idB},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestResolve checks each rule of the package doc (PROTOCOL.md §8.2).
func TestResolve(t *testing.T) {
	r := testResolver(t)
	a, b := idA.String(), idB.String()
	ok := func(id principal.Principal, verify bool, k Kind) Target {
		return Target{Canister: id, Verify: verify, Domain: k}
	}
	tests := []struct {
		name, host, query string
		want              Target
		err               error
		label             string
	}{
		{"id under apex", a + ".localhost", "", ok(idA, true, KindApex), nil, ""},
		{"id under second apex", a + ".icp0.io", "", ok(idA, true, KindApex), nil, ""},
		{"port and case and trailing dot", strings.ToUpper(a) + ".LocalHost.:8443", "", ok(idA, true, KindApex), nil, ""},
		{"name--id", "my-app--" + a + ".icp0.io", "", ok(idA, true, KindApex), nil, ""},
		{"raw", a + ".raw.localhost", "", ok(idA, false, KindRaw), nil, ""},
		{"raw name--id", "x--" + a + ".raw.localhost", "", ok(idA, false, KindRaw), nil, ""},
		{"raw disabled on apex", a + ".raw.icp0.io", "", Target{}, ErrRawDisabled, ""},
		{"alias", "nns.icp0.io", "", ok(idNNS, true, KindAlias), nil, ""},
		{"alias raw", "nns.raw.localhost", "", ok(idNNS, false, KindRaw), nil, ""},
		{"apex with query", "localhost:4943", "canisterId=" + a, ok(idA, true, KindQuery), nil, ""},
		{"raw apex with query", "raw.localhost", "canisterId=" + a, ok(idA, false, KindRaw), nil, ""},
		{"apex without canister", "localhost", "", Target{}, ErrNoCanister, ""},
		{"apex with malformed query", "icp0.io", "canisterId=nope", Target{}, ErrMalformedID, "canisterId=nope"},
		{"host beats query", a + ".localhost", "canisterId=" + b, ok(idA, true, KindApex), nil, ""},
		{"multi-level apex", b + ".apps.example.com", "", ok(idB, true, KindApex), nil, ""},
		{"custom domain", "shop.example.org", "", ok(idB, true, KindCustom), nil, ""},
		{"custom domain ignores query", "shop.example.org", "canisterId=" + a, ok(idB, true, KindCustom), nil, ""},
		{"malformed id", "www.icp0.io", "", Target{}, ErrMalformedID, "www"},
		{"bad checksum", strings.Replace(a, "a", "b", 1) + ".icp0.io", "", Target{}, ErrMalformedID, strings.Replace(a, "a", "b", 1)},
		{"too deep", "x." + a + ".icp0.io", "", Target{}, ErrUnknownDomain, ""},
		{"unknown domain", "example.net", "", Target{}, ErrUnknownDomain, ""},
		{"suffix is not a subdomain", a + "localhost", "", Target{}, ErrUnknownDomain, ""},
		{"ip literal", "127.0.0.1:8080", "canisterId=" + a, Target{}, ErrUnknownDomain, ""},
		{"ipv6 literal", "[::1]:8443", "", Target{}, ErrUnknownDomain, ""},
		{"empty host", "", "", Target{}, ErrBadHost, ""},
		{"unicode host", "bücher.localhost", "", Target{}, ErrBadHost, ""},
		{"empty label", a + "..localhost", "", Target{}, ErrBadHost, ""},
		{"leading hyphen", "-x.localhost", "", Target{}, ErrBadHost, ""},
		{"bad port", "localhost:http", "", Target{}, ErrBadHost, ""},
		{"slash", "a/b.localhost", "", Target{}, ErrBadHost, ""},
		{"label too long", strings.Repeat("a", 64) + ".localhost", "", Target{}, ErrBadHost, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			got, err := r.Resolve(tt.host, q)
			if tt.err != nil {
				var e *Error
				if !errors.Is(err, tt.err) || !errors.As(err, &e) {
					t.Fatalf("Resolve(%q) = %+v, %v; want %v", tt.host, got, err, tt.err)
				}
				if e.Label != tt.label {
					t.Errorf("label %q, want %q", e.Label, tt.label)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve(%q): %v", tt.host, err)
			}
			got.Host = ""
			if got != tt.want {
				t.Errorf("Resolve(%q) = %+v, want %+v", tt.host, got, tt.want)
			}
		})
	}
}

func TestQueryCanisterIDOff(t *testing.T) {
	r, err := New(Config{Apexes: []Apex{{Name: "localhost"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Resolve("localhost", url.Values{"canisterId": {idA.String()}}); !errors.Is(err, ErrNoCanister) {
		t.Fatalf("got %v, want ErrNoCanister", err)
	}
}

func TestNames(t *testing.T) {
	r := testResolver(t)
	a := idA.String()
	for host, want := range map[string]bool{
		"localhost": true, a + ".localhost": true, a + ".raw.localhost": true, "x--" + a + ".localhost": true,
		"nns.localhost": true, "shop.example.org": true, "raw.localhost": true,
		"raw.icp0.io": false, a + ".raw.icp0.io": false, "www.localhost": false, "*.localhost": false,
		"example.net": false, "127.0.0.1": false, "x." + a + ".localhost": false,
	} {
		if got := r.Names(host); got != want {
			t.Errorf("Names(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestSetCustomDomains(t *testing.T) {
	r := testResolver(t)
	if err := r.SetCustomDomains(map[string]principal.Principal{"new.example": idA}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Resolve("shop.example.org", nil); !errors.Is(err, ErrUnknownDomain) {
		t.Errorf("old custom domain still resolves: %v", err)
	}
	if got, err := r.Resolve("NEW.example.", nil); err != nil || got.Canister != idA || got.Domain != KindCustom {
		t.Errorf("new custom domain: %+v, %v", got, err)
	}
	if err := r.SetCustomDomains(map[string]principal.Principal{"bad host!": idA}); !errors.Is(err, ErrConfig) {
		t.Errorf("bad domain accepted: %v", err)
	}
	if _, ok := r.CustomDomains()["new.example"]; !ok {
		t.Error("a failed update replaced the table")
	}
}

func TestConfigErrors(t *testing.T) {
	for name, cfg := range map[string]Config{
		"no apex":         {},
		"bad apex":        {Apexes: []Apex{{Name: "a b"}}},
		"ip apex":         {Apexes: []Apex{{Name: "127.0.0.1"}}},
		"raw apex":        {Apexes: []Apex{{Name: "raw.localhost"}}},
		"duplicate apex":  {Apexes: []Apex{{Name: "localhost"}, {Name: "LOCALHOST"}}},
		"dotted alias":    {Apexes: []Apex{{Name: "localhost"}}, Aliases: map[string]principal.Principal{"a.b": idA}},
		"id alias":        {Apexes: []Apex{{Name: "localhost"}}, Aliases: map[string]principal.Principal{idB.String(): idA}},
		"raw alias":       {Apexes: []Apex{{Name: "localhost"}}, Aliases: map[string]principal.Principal{"raw": idA}},
		"bad custom name": {Apexes: []Apex{{Name: "localhost"}}, CustomDomains: map[string]principal.Principal{"x:1": idA}},
	} {
		if _, err := New(cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: New = %v, want ErrConfig", name, err)
		}
	}
}

func TestParseCustomDomains(t *testing.T) {
	a, b := idA.String(), idB.String()
	got, err := ParseCustomDomains(strings.NewReader("# comment\n\nShop.Example.org " + a + "\nblog.example.org:" + b + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got["shop.example.org"] != idA || got["blog.example.org"] != idB || len(got) != 2 {
		t.Errorf("got %v", got)
	}
	for _, bad := range []string{"only-a-domain", "x.org nope", "x.org " + a + "\nx.org " + b, "a b c"} {
		if _, err := ParseCustomDomains(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line") {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}

// Principals that cannot be canisters are malformed canister ids: the
// management canister, a user's self-authenticating id, the anonymous id.
func TestNotCanisterIDs(t *testing.T) {
	r, err := New(Config{Apexes: []Apex{{Name: "localhost"}}, QueryCanisterID: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"aaaaa-aa.localhost", "2vxsx-fae.localhost",
		"o2x4y-ywrji-biykr-2fpeu-oyicx-muien-gecwr-lah4c-r2tcv-rnt4q-xqe.localhost"} {
		if _, err := r.Resolve(host, nil); !errors.Is(err, ErrMalformedID) {
			t.Errorf("%s: %v, want ErrMalformedID", host, err)
		}
	}
	if _, err := r.Resolve("localhost", url.Values{"canisterId": {"aaaaa-aa"}}); !errors.Is(err, ErrMalformedID) {
		t.Errorf("?canisterId=aaaaa-aa: %v", err)
	}
}

// TestRefererQuery: a page at <apex>/?canisterId=<id> gives its canister to
// the path-only loads it refers to, and to nothing else.
func TestRefererQuery(t *testing.T) {
	r := testResolver(t)
	a, b := idA.String(), idB.String()
	page := "https://localhost:8443/index.html?canisterId=" + a
	tests := []struct {
		name, host, query, referer string
		want                       string // "" means the rule does not apply
	}{
		{"asset of an apex page", "localhost:8443", "", page, "canisterId=" + a},
		{"keeps the asset's own query", "localhost:8443", "v=3", page, "v=3&canisterId=" + a},
		{"raw apex page", "raw.localhost", "", "http://raw.localhost/?canisterId=" + b, "canisterId=" + b},
		{"referer on another port of the host", "LOCALHOST", "", "http://localhost:4943/?x=1&canisterId=" + a, "canisterId=" + a},
		{"request names its canister", "localhost", "canisterId=" + b, page, ""},
		{"canister host", a + ".localhost", "", page, ""},
		{"referer from another host", "localhost", "", "https://evil.example/?canisterId=" + a, ""},
		{"referer from a canister host", "localhost", "", "https://" + a + ".localhost/?canisterId=" + b, ""},
		{"referer without canisterId", "localhost", "", "https://localhost/", ""},
		{"malformed id in referer", "localhost", "", "https://localhost/?canisterId=nope", ""},
		{"not a canister id", "localhost", "", "https://localhost/?canisterId=aaaaa-aa", ""},
		{"unknown host", "shop.example.net", "", "https://shop.example.net/?canisterId=" + a, ""},
		{"malformed referer", "localhost", "", "://localhost/?canisterId=" + a, ""},
		{"malformed request query", "localhost", "%zz", page, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := r.RefererQuery(tt.host, tt.query, tt.referer)
			if ok != (tt.want != "") || got != tt.want {
				t.Fatalf("got %q %v, want %q", got, ok, tt.want)
			}
			if ok { // and the result resolves to the referer's canister
				q, _ := url.ParseQuery(got)
				if _, err := r.Resolve(tt.host, q); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	off, err := New(Config{Apexes: []Apex{{Name: "localhost"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := off.RefererQuery("localhost", "", page); ok {
		t.Error("applies with ?canisterId= switched off")
	}
}
