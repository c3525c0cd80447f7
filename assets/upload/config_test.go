package upload

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/assets/wire"
)

// sampleConfig uses every field and the JSON5 forms dfx's documentation
// shows.
const sampleConfig = `// dfx-style configuration
[
  {
    match: "**/*",
    security_policy: 'standard',
    disable_security_policy_warning: true,
    headers: { "X-Version": 3, 'X-Debug': false },
  },
  {
    "match": "*.js",
    "cache": { "max_age": 0x1e },
    "encodings": ["identity", "br"],
    "allow_raw_access": false,
    "enable_aliasing": true,
    "ignore": null, /* unset */
  },
]
`

func TestParseConfigSample(t *testing.T) {
	rules, err := parseConfig("x.json5", []byte(sampleConfig))
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 2 {
		t.Fatalf("%d rules, want 2", len(rules))
	}
	r0, r1 := rules[0], rules[1]
	if r0.match.String() != "**/*" || r0.securityPolicy != policyStandard || !*r0.disablePolicyWarning || !r0.setHeaders {
		t.Errorf("rule 0 = %+v", r0)
	}
	wantHeaders := []wire.HeaderField{{Name: "X-Version", Value: "3"}, {Name: "X-Debug", Value: "false"}}
	if !slices.Equal(r0.headers, wantHeaders) {
		t.Errorf("rule 0 headers = %v, want %v", r0.headers, wantHeaders)
	}
	if r0.at != (pos{3, 3}) {
		t.Errorf("rule 0 at %v, want 3:3", r0.at)
	}
	if !r1.setCache || r1.maxAge == nil || *r1.maxAge != 30 {
		t.Errorf("rule 1 cache = %v %v, want max_age 30", r1.setCache, r1.maxAge)
	}
	if !slices.Equal(r1.encodings, []string{"identity", "br"}) || *r1.allowRawAccess || !*r1.enableAliasing || r1.ignore != nil {
		t.Errorf("rule 1 = %+v", r1)
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"syntax", "[{match: 'x',,}]", "c.json5:1:14: unexpected ','"},
		{"not an array", `{match: "x"}`, "c.json5:1:1: the configuration is a object; it must be an array"},
		{"rule not object", `["x"]`, "c.json5:1:2: a rule is a string"},
		{"unknown field", "[\n  {match: '*',\n   max_age: 5}]", `c.json5:3:4: unknown field "max_age" in rule (known: match, cache`},
		{"unknown cache field", `[{match: '*', cache: {maxAge: 1}}]`, `c.json5:1:23: unknown field "maxAge" in "cache"`},
		{"no match", `[{ignore: true}]`, `c.json5:1:2: rule has no "match"`},
		{"match not string", `[{match: 1}]`, `c.json5:1:10: "match" must be a string`},
		{"bad glob", `[{match: "[a"}]`, `c.json5:1:10: match "[a": "[" not closed`},
		{"max_age negative", `[{match: '*', cache: {max_age: -1}}]`, `c.json5:1:32: "max_age" must be a whole number`},
		{"max_age fraction", `[{match: '*', cache: {max_age: 1.5}}]`, `"max_age" must be a whole number`},
		{"max_age string", `[{match: '*', cache: {max_age: "1"}}]`, `"max_age" must be a number, not a string`},
		{"cache number", `[{match: '*', cache: 5}]`, `"cache" must be an object`},
		{"ignore string", `[{match: '*', ignore: "yes"}]`, `c.json5:1:23: "ignore" must be true or false, not a string`},
		{"headers array", `[{match: '*', headers: []}]`, `"headers" must be an object`},
		{"header value object", `[{match: '*', headers: {a: {}}}]`, `header "a": the value must be a string, not a object`},
		{"header value null", `[{match: '*', headers: {a: null}}]`, `header "a": the value must be a string, not a null`},
		{"header name", `[{match: '*', headers: {"a b": "x"}}]`, `"a b" is not a valid header name`},
		{"header newline", `[{match: '*', headers: {a: "x\ny"}}]`, `header "a": the value may not contain line breaks`},
		{"header twice", `[{match: '*', headers: {"X-A": "1", "x-a": "2"}}]`, `header "x-a" given twice`},
		{"encodings empty", `[{match: '*', encodings: []}]`, `"encodings" is empty`},
		{"encoding unknown", `[{match: '*', encodings: ["deflate"]}]`, `unknown encoding "deflate"`},
		{"encoding twice", `[{match: '*', encodings: ["gzip", "gzip"]}]`, `encoding "gzip" listed twice`},
		{"encodings string", `[{match: '*', encodings: "gzip"}]`, `"encodings" must be an array`},
		{"policy unknown", `[{match: '*', security_policy: "strict"}]`, `"security_policy" must be "standard", "hardened" or "disabled"`},
		{"Infinity", `[{match: '*', cache: {max_age: Infinity}}]`, "Infinity is not allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig("c.json5", []byte(tc.in))
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *ConfigError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

// rulesOf parses a configuration or fails the test.
func rulesOf(t *testing.T, src string) []rule {
	t.Helper()
	rs, err := parseConfig("t.json5", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestResolvePrecedence(t *testing.T) {
	root := &scope{dir: "", rules: rulesOf(t, `[
		{match: "**/*", cache: {max_age: 10}, headers: {"A": "root", "B": "root"}},
		{match: "*.js", cache: {max_age: 20}},
		{match: "sub/x.js", enable_aliasing: false},
	]`)}
	sub := &scope{dir: "sub", rules: rulesOf(t, `[
		{match: "*.js", cache: {max_age: 30}, headers: {"a": "sub"}},
		{match: "*.js", allow_raw_access: false},
		{match: "y.js", headers: null},
	]`)}
	chain := []*scope{root, sub}

	s := resolve(chain, "top.js")
	if *s.maxAge != 20 {
		t.Errorf("top.js max_age %d, want 20 (later rule of the same file wins)", *s.maxAge)
	}
	s = resolve(chain[:1], "index.html")
	if *s.maxAge != 10 || !*s.allowRawAccess {
		t.Errorf("index.html: max_age %v raw %v, want 10 and the default true", *s.maxAge, *s.allowRawAccess)
	}
	s = resolve(chain, "sub/x.js")
	if *s.maxAge != 30 {
		t.Errorf("sub/x.js max_age %d, want 30 (deeper file wins)", *s.maxAge)
	}
	if *s.allowRawAccess || s.enableAliasing == nil || *s.enableAliasing {
		t.Errorf("sub/x.js raw %v aliasing %v, want false, false", *s.allowRawAccess, s.enableAliasing)
	}
	want := []wire.HeaderField{{Name: "a", Value: "sub"}, {Name: "B", Value: "root"}}
	if !slices.Equal(s.headers, want) {
		t.Errorf("sub/x.js headers %v, want %v (merged, replaced without case)", s.headers, want)
	}
	s = resolve(chain, "sub/y.js")
	if s.headers != nil {
		t.Errorf("sub/y.js headers %v, want none (null clears)", s.headers)
	}
	s = resolve(chain, "sub/deeper/z.js")
	if *s.maxAge != 30 {
		t.Errorf("sub/deeper/z.js max_age %d, want 30 (the sub rules apply below)", *s.maxAge)
	}
	for _, r := range append(root.rules, sub.rules...) {
		if !r.used {
			t.Errorf("rule %q not marked used", r.match)
		}
	}
}

func TestResolveCacheClears(t *testing.T) {
	chain := []*scope{{rules: rulesOf(t, `[
		{match: "*", cache: {max_age: 10}},
		{match: "a", cache: {}},
		{match: "b", cache: {max_age: null}},
		{match: "c", headers: {X: "1"}},
	]`)}}
	for _, k := range []string{"a", "b"} {
		if s := resolve(chain, k); s.maxAge != nil {
			t.Errorf("%s: max_age %d, want none", k, *s.maxAge)
		}
	}
	if s := resolve(chain, "c"); s.maxAge == nil || *s.maxAge != 10 {
		t.Errorf("c: max_age %v, want 10 (a rule without cache keeps it)", s.maxAge)
	}
}

func TestFinalHeadersPolicy(t *testing.T) {
	s := settings{
		securityPolicy: policyStandard,
		headers:        []wire.HeaderField{{Name: "content-security-policy", Value: "default-src 'none'"}, {Name: "X-Mine", Value: "1"}},
	}
	hs := s.finalHeaders()
	if len(hs) != len(standardHeaders)+1 {
		t.Fatalf("%d headers, want %d: %v", len(hs), len(standardHeaders)+1, hs)
	}
	for i := 1; i < len(hs); i++ {
		if strings.ToLower(hs[i-1].Name) > strings.ToLower(hs[i].Name) {
			t.Errorf("headers not sorted: %v", hs)
		}
	}
	csp := slices.IndexFunc(hs, isCSP)
	if hs[csp].Value != "default-src 'none'" || hs[csp].Name != "content-security-policy" {
		t.Errorf("CSP %v, want the rule's (it overrides the policy's)", hs[csp])
	}
	for _, p := range []string{"", policyDisabled} {
		s := settings{securityPolicy: p}
		if hs := s.finalHeaders(); hs != nil {
			t.Errorf("policy %q: headers %v, want none", p, hs)
		}
	}
	s = settings{securityPolicy: policyHardened}
	if hs := s.finalHeaders(); !slices.Equal(hs, standardHeaders) {
		t.Errorf("hardened without own headers: %v, want the standard set", hs)
	}
}

func TestPolicyWarning(t *testing.T) {
	csp := []wire.HeaderField{{Name: "Content-Security-Policy", Value: "default-src 'self'"}}
	other := []wire.HeaderField{{Name: "X-A", Value: "1"}}
	for _, tc := range []struct {
		name string
		s    settings
		want string
	}{
		{"none", settings{}, "no security_policy"},
		{"none disabled", settings{disablePolicyWarning: true}, ""},
		{"standard", settings{securityPolicy: policyStandard}, `"standard": review`},
		{"standard disabled", settings{securityPolicy: policyStandard, disablePolicyWarning: true}, ""},
		{"hardened with CSP", settings{securityPolicy: policyHardened, headers: csp}, ""},
		{"hardened without CSP", settings{securityPolicy: policyHardened, headers: other}, `"hardened" without a Content-Security-Policy`},
		{"hardened without CSP, disabled", settings{securityPolicy: policyHardened, disablePolicyWarning: true}, `"hardened" without`},
		{"disabled policy", settings{securityPolicy: policyDisabled}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.s.policyWarning()
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("warning %q, want %q", got, tc.want)
			}
		})
	}
}
