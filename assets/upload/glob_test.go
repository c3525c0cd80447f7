package upload

import (
	"strings"
	"testing"
)

// globCases: dfx's semantics (glob.go): anchored at the configuration
// directory, "*" and "?" crossing "/", "**" as whole segments.
var globCases = []struct {
	pattern string
	yes, no []string
}{
	{"index.html", []string{"index.html"}, []string{"a/index.html", "index.htm", "xindex.html"}},
	{"*.html", []string{"index.html", "a/b/x.html", ".html"}, []string{"x.htm", "x.html/y"}},
	{"*", []string{"a", "a/b", ".hidden"}, nil},
	{".*", []string{".hidden", ".a/b", ".well-known/ic-domains"}, []string{"a/.b", "a"}},
	{"**/*", []string{"file", "a/b/c"}, nil},
	{"**/x", []string{"x", "a/x", "a/b/x"}, []string{"ax", "x/a"}},
	{"a/**", []string{"a/b", "a/b/c"}, []string{"a", "ab/c"}},
	{"a/**/b", []string{"a/b", "a/x/b", "a/x/y/b"}, []string{"ab", "a/bc"}},
	{"**", []string{"a", "a/b"}, nil},
	{"a**b", []string{"ab", "axb", "a/x/b"}, []string{"a/x/c"}},
	{"?.js", []string{"a.js", "/.js"}, []string{"ab.js", ".js"}},
	{"[abc].txt", []string{"b.txt"}, []string{"d.txt", "ab.txt"}},
	{"[!abc].txt", []string{"d.txt", "/.txt"}, []string{"a.txt"}},
	{"[^a-c].txt", []string{"d.txt"}, []string{"b.txt"}},
	{"[a-c]x", []string{"ax", "bx", "cx"}, []string{"dx"}},
	{"[]]", []string{"]"}, []string{"x"}},
	{"[a-]", []string{"a", "-"}, []string{"b"}},
	{`[\]]`, []string{"]"}, []string{`\`}},
	{"{a,b}.css", []string{"a.css", "b.css"}, []string{"c.css", "{a,b}.css"}},
	{"*.{js,css}", []string{"x/y.css", "z.js"}, []string{"z.json"}},
	{"a{,.min}.js", []string{"a.js", "a.min.js"}, []string{"a.max.js"}},
	{"{**/x,y}", []string{"x", "q/x", "y"}, []string{"q/y"}},
	{`\*.txt`, []string{"*.txt"}, []string{"a.txt"}},
	{`a\{b\}`, []string{"a{b}"}, []string{"ab"}},
	{"a,b}", []string{"a,b}"}, nil},
	{"/index.html", []string{"index.html"}, []string{"/index.html"}},
	{"./css/*.css", []string{"css/site.css"}, []string{"site.css"}},
	{"assets/", []string{"assets"}, []string{"assets/x"}},
	{"a.b", []string{"a.b"}, []string{"axb"}},
	{"(x)+$^|", []string{"(x)+$^|"}, []string{"xx"}},
	{"ünï*", []string{"ünïcödé"}, []string{"uni"}},
	{"line*", []string{"line\nbreak"}, nil},
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range globCases {
		t.Run(tc.pattern, func(t *testing.T) {
			g, err := compileGlob(tc.pattern)
			if err != nil {
				t.Fatalf("compile %q: %v", tc.pattern, err)
			}
			for _, p := range tc.yes {
				if !g.match(p) {
					t.Errorf("%q does not match %q", tc.pattern, p)
				}
			}
			for _, p := range tc.no {
				if g.match(p) {
					t.Errorf("%q matches %q", tc.pattern, p)
				}
			}
		})
	}
}

func TestGlobInvalid(t *testing.T) {
	for _, tc := range []struct{ pattern, want string }{
		{"", "empty pattern"},
		{"/", "empty pattern"},
		{"./", "empty pattern"},
		{"../x", `".." may not appear`},
		{"a/../b", `".." may not appear`},
		{"[", `"[" not closed`},
		{"[abc", `"[" not closed`},
		{"[z-a]", "backwards"},
		{"{a,b", `"{" not closed`},
		{"{a,{b}}", "nested"},
		{`a\`, `ends with "\"`},
		{strings.Repeat("x", maxGlobLen+1), "longer than"},
	} {
		t.Run(tc.pattern, func(t *testing.T) {
			_, err := compileGlob(tc.pattern)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("compile %q: %v, want an error containing %q", tc.pattern, err, tc.want)
			}
		})
	}
}
