package httpcert

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// parsedExpression converts the vectors' "parsed" form into an Expression.
func parsedExpression(t testing.TB, raw json.RawMessage) Expression {
	t.Helper()
	var p struct {
		Validation string
		Request    json.RawMessage
		Response   struct {
			Certified *[]string `json:"certified_response_headers"`
			Excluded  *[]string `json:"response_header_exclusions"`
		}
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	if p.Validation == "no_certification" {
		return SkipCertification()
	}
	var e Expression
	switch {
	case p.Response.Certified != nil:
		e.Response = CertifiedHeaders(*p.Response.Certified...)
	case p.Response.Excluded != nil:
		e.Response = ExcludedHeaders(*p.Response.Excluded...)
	default:
		t.Fatalf("parsed %s: no response certification", raw)
	}
	if string(p.Request) != `"no_request_certification"` {
		var rc struct {
			Headers []string `json:"certified_request_headers"`
			Params  []string `json:"certified_query_parameters"`
		}
		if err := json.Unmarshal(p.Request, &rc); err != nil {
			t.Fatal(err)
		}
		e.Request = &RequestCertification{Headers: rc.Headers, QueryParameters: rc.Params}
	}
	return e
}

// equalExpr compares expressions, treating nil and empty lists alike.
func equalExpr(a, b Expression) bool { return a.String() == b.String() }

// TestCELBuilderFixtures checks §8.6: the builder emits exactly the strings
// of ic-http-certification's fixtures, and they parse back.
func TestCELBuilderFixtures(t *testing.T) {
	v := loadHTTPVectors(t)
	if len(v.CELBuilderFixtures) == 0 {
		t.Fatal("no cel_builder_fixtures")
	}
	for _, c := range v.CELBuilderFixtures {
		t.Run(c.Name, func(t *testing.T) {
			e := parsedExpression(t, c.Parsed)
			if got := e.String(); got != c.Expression {
				t.Errorf("built\n%s\nwant\n%s", got, c.Expression)
			}
			back, err := ParseExpression(c.Expression)
			if err != nil {
				t.Fatal(err)
			}
			if !equalExpr(back, e) {
				t.Errorf("parsed %+v, want %+v", back, e)
			}
			if err := e.Validate(); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestCELParseCases checks D5: whitespace around tokens and commas in
// lists are accepted.
func TestCELParseCases(t *testing.T) {
	v := loadHTTPVectors(t)
	if len(v.CELParseCases) == 0 {
		t.Fatal("no cel_parse_cases")
	}
	for _, c := range v.CELParseCases {
		t.Run(c.Name, func(t *testing.T) {
			want := parsedExpression(t, c.Expected)
			for _, s := range []string{c.Literal, c.Minified} {
				if s == "" {
					continue
				}
				got, err := ParseExpression(s)
				if err != nil {
					t.Fatalf("%q: %v", s, err)
				}
				if !equalExpr(got, want) {
					t.Errorf("%q: parsed %+v, want %+v", s, got, want)
				}
			}
		})
	}
}

func TestCELParseDetails(t *testing.T) {
	e, err := ParseExpression(`default_certification(ValidationArgs{certification:Certification{response_certification:ResponseCertification{certified_response_headers:ResponseHeaderList{headers:["a.b","X_Y", "k v"]}},no_request_certification:Empty{}}})`)
	if err != nil {
		t.Fatal(err)
	}
	want := Expression{Response: CertifiedHeaders("a.b", "X_Y", "k v")}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("got %+v, want %+v", e, want)
	}
	full := FullCertification(RequestCertification{Headers: []string{}, QueryParameters: []string{}}, ExcludedHeaders())
	e, err = ParseExpression(full.String())
	if err != nil || !reflect.DeepEqual(e.Request, full.Request) || !e.Response.Exclude {
		t.Errorf("full: %+v, %v", e, err)
	}
}

func TestCELParseErrors(t *testing.T) {
	const skip = "default_certification(ValidationArgs{no_certification:Empty{}})"
	resp := "response_certification:ResponseCertification{certified_response_headers:ResponseHeaderList{headers:[]}}"
	cert := func(inner string) string {
		return "default_certification(ValidationArgs{certification:Certification{" + inner + "}})"
	}
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "found the end"},
		{"trailing", skip + "x", "after the expression"},
		{"trailing paren", skip + ")", "after the expression"},
		{"wrong function", strings.Replace(skip, "default_certification", "custom", 1), "want function call default_certification"},
		{"two args", strings.Replace(skip, "})", "},\"x\")", 1), "takes one ValidationArgs"},
		{"no args", "default_certification()", "takes one ValidationArgs"},
		{"both validations", "default_certification(ValidationArgs{no_certification:Empty{},certification:Empty{}})", "has both"},
		{"no validation", "default_certification(ValidationArgs{})", "needs no_certification or certification"},
		{"unknown property", "default_certification(ValidationArgs{no_certification:Empty{},x:Empty{}})", "has no property x"},
		{"repeated property", "default_certification(ValidationArgs{no_certification:Empty{},no_certification:Empty{}})", "repeats"},
		{"non-empty Empty", "default_certification(ValidationArgs{no_certification:Empty{a:[]}})", "Empty has properties"},
		{"Empty misnamed", "default_certification(ValidationArgs{no_certification:Nothing{}})", "want object Empty"},
		{"no response", cert("no_request_certification:Empty{}"), "needs response_certification"},
		{"no request", cert(resp), "needs no_request_certification or request_certification"},
		{"both requests", cert("no_request_certification:Empty{},request_certification:RequestCertification{certified_request_headers:[],certified_query_parameters:[]}," + resp), "has both"},
		{"missing params", cert("request_certification:RequestCertification{certified_request_headers:[]}," + resp), "needs certified_query_parameters"},
		{"list of non-strings", cert("request_certification:RequestCertification{certified_request_headers:[[]],certified_query_parameters:[]}," + resp), "list of strings"},
		{"both response lists", cert("no_request_certification:Empty{},response_certification:ResponseCertification{certified_response_headers:ResponseHeaderList{headers:[]},response_header_exclusions:ResponseHeaderList{headers:[]}}"), "has both"},
		{"no headers", cert("no_request_certification:Empty{},response_certification:ResponseCertification{certified_response_headers:ResponseHeaderList{}}"), "needs headers"},
		{"spec list without commas", cert(`no_request_certification:Empty{},response_certification:ResponseCertification{certified_response_headers:ResponseHeaderList{headers:["a" "b"]}}`), "want ']'"},
		{"trailing comma", cert(`no_request_certification:Empty{},response_certification:ResponseCertification{certified_response_headers:ResponseHeaderList{headers:["a",]}}`), "unexpected ']'"},
		{"escape", cert(`no_request_certification:Empty{},response_certification:ResponseCertification{certified_response_headers:ResponseHeaderList{headers:["a\"b"]}}`), "escapes"},
		{"newline in string", cert("no_request_certification:Empty{},response_certification:ResponseCertification{certified_response_headers:ResponseHeaderList{headers:[\"a\nb\"]}}"), "control character"},
		{"unterminated", `default_certification(ValidationArgs{no_certification:Empty{}, x:["abc`, "unterminated string"},
		{"deep", strings.Repeat("[", 100), "nested too deeply"},
		{"bare ident", "default_certification", "want '{' or '('"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseExpression(c.in)
			var ce *CELError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *CELError", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestExpressionValidate(t *testing.T) {
	for _, e := range []Expression{
		ResponseOnly(CertifiedHeaders("IC-Certificate")),
		ResponseOnly(ExcludedHeaders("ic-certificateexpression")),
		FullCertification(RequestCertification{Headers: []string{`a"b`}}, CertifiedHeaders()),
		ResponseOnly(CertifiedHeaders("a\nb")),
	} {
		if e.Validate() == nil {
			t.Errorf("%s: want a validation error", e)
		}
	}
}

func FuzzParseCEL(f *testing.F) {
	v := loadHTTPVectors(f)
	for _, c := range v.CELBuilderFixtures {
		f.Add(c.Expression)
	}
	for _, c := range v.CELParseCases {
		f.Add(c.Literal)
	}
	f.Add(`default_certification(ValidationArgs{certification:Certification{response_certification:ResponseCertification{response_header_exclusions:ResponseHeaderList{headers:["a"]}},request_certification:RequestCertification{certified_query_parameters:["q"],certified_request_headers:[]}}})`)
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExpression(s)
		if err != nil {
			var ce *CELError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *CELError", err)
			}
			return
		}
		// Whatever parses prints in canonical form and parses back to the
		// same expression.
		canon := e.String()
		back, err := ParseExpression(canon)
		if err != nil {
			t.Fatalf("canonical form %q does not parse: %v", canon, err)
		}
		if back.String() != canon {
			t.Fatalf("round trip changed %q to %q", canon, back.String())
		}
	})
}

func BenchmarkParseExpression(b *testing.B) {
	s := FullCertification(
		RequestCertification{Headers: []string{"Accept", "Accept-Encoding", "If-Match"}, QueryParameters: []string{"foo", "bar", "baz"}},
		CertifiedHeaders("Cache-Control", "ETag", "Content-Length", "Content-Type", "Content-Encoding"),
	).String()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseExpression(s); err != nil {
			b.Fatal(err)
		}
	}
}
