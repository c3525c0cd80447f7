package candid

import (
	"encoding/hex"
	"fmt"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/internal/vectors"
)

// candidVectors mirrors ../shared/vectors/candid.json.
type candidVectors struct {
	SpecTestSuite []struct {
		File            string      `json:"file"`
		TypeDefinitions []string    `json:"type_definitions"`
		Assertions      []assertion `json:"assertions"`
	} `json:"spec_test_suite"`
	AgentJSEncodings      []agentCase `json:"agent_js_encodings"`
	AgentJSDecodeFailures []agentCase `json:"agent_js_decode_failures"`
}

type assertion struct {
	Kind        string `json:"kind"` // decode_ok, decode_fail, equal, not_equal
	Type        string `json:"type"`
	Input       input  `json:"input"`
	Other       *input `json:"other"`
	Description string `json:"description"`
}

type input struct {
	BlobHex *string `json:"blob_hex"`
	Text    *string `json:"text"`
}

type agentCase struct {
	Type            string   `json:"type"`
	Value           *string  `json:"value"`
	Hex             string   `json:"hex"`
	Mode            string   `json:"mode"` // encode_decode, encode, decode, decode_fail
	Description     string   `json:"description"`
	TypeDefinitions []string `json:"type_definitions"`
}

func loadCandid(t testing.TB) candidVectors {
	var v candidVectors
	vectors.Load(t, "candid.json", &v)
	return v
}

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

func caseName(i int, desc string) string {
	return fmt.Sprintf("%03d_%s", i, strings.Trim(nonWord.ReplaceAllString(desc, "_"), "_"))
}

// readInput decodes a binary input, or parses and coerces a text input, at
// the argument types ts.
func readInput(t *testing.T, in input, ts []*Type) ([]Value, error) {
	t.Helper()
	if in.BlobHex != nil {
		return Decode(vectors.Hex(t, *in.BlobHex), ts)
	}
	vs, err := ParseArgs(*in.Text)
	if err != nil {
		return nil, err
	}
	if len(vs) > len(ts) { // extra arguments are ignored
		vs = vs[:len(ts)]
	}
	return coerceArgs(vs, ts)
}

func describeInput(in input) string {
	if in.BlobHex != nil {
		return "blob " + *in.BlobHex
	}
	return "text " + *in.Text
}

// TestSpecConformance runs every assertion of the dfinity/candid test
// suite (test/*.test.did): decoding at the expected type succeeds or fails,
// and two inputs decode to equal or different values.
func TestSpecConformance(t *testing.T) {
	v := loadCandid(t)
	total := 0
	for _, file := range v.SpecTestSuite {
		did, err := ParseDid(strings.Join(file.TypeDefinitions, "\n"))
		if err != nil {
			t.Fatalf("%s: type definitions: %v", file.File, err)
		}
		total += len(file.Assertions)
		name := strings.TrimSuffix(path.Base(file.File), ".test.did")
		t.Run(name, func(t *testing.T) {
			for i, a := range file.Assertions {
				t.Run(caseName(i, a.Kind+" "+a.Description), func(t *testing.T) {
					checkAssertion(t, did, a)
				})
			}
		})
	}
	if total != 467 {
		t.Errorf("loaded %d assertions, the suite has 467", total)
	}
}

func checkAssertion(t *testing.T, did *Did, a assertion) {
	ts, err := did.ParseTypes(a.Type)
	if err != nil {
		t.Fatalf("type %s: %v", a.Type, err)
	}
	got, err := readInput(t, a.Input, ts)
	switch a.Kind {
	case "decode_fail":
		if err == nil {
			t.Fatalf("%s at %s decoded to %s, want an error", describeInput(a.Input), a.Type, FormatArgs(got))
		}
		return
	case "decode_ok":
		if err != nil {
			t.Fatalf("%s at %s: %v", describeInput(a.Input), a.Type, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s at %s: %v", describeInput(a.Input), a.Type, err)
	}
	want, err := readInput(t, *a.Other, ts)
	if err != nil {
		t.Fatalf("other %s at %s: %v", describeInput(*a.Other), a.Type, err)
	}
	eq := argsEqual(got, want)
	if a.Kind == "equal" && !eq {
		t.Fatalf("at %s: %s decodes to %s, %s to %s; want equal", a.Type,
			describeInput(a.Input), FormatArgs(got), describeInput(*a.Other), FormatArgs(want))
	}
	if a.Kind == "not_equal" && eq {
		t.Fatalf("at %s: both decode to %s; want different", a.Type, FormatArgs(got))
	}
}

func argsEqual(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// TestAgentJSEncodings checks the encodings asserted by agent-js: encoding
// the value at the type gives exactly the bytes, and decoding the bytes
// gives the value.
func TestAgentJSEncodings(t *testing.T) {
	v := loadCandid(t)
	for i, c := range v.AgentJSEncodings {
		t.Run(caseName(i, c.Mode+" "+c.Description), func(t *testing.T) {
			did, err := ParseDid(strings.Join(c.TypeDefinitions, "\n"))
			if err != nil {
				t.Fatal(err)
			}
			ts, err := did.ParseTypes(c.Type)
			if err != nil {
				t.Fatalf("type %s: %v", c.Type, err)
			}
			b := vectors.Hex(t, c.Hex)
			got, err := Decode(b, ts)
			if c.Mode != "encode" && err != nil {
				t.Fatalf("decode %s at %s: %v", c.Hex, c.Type, err)
			}
			if c.Value == nil { // NaN and infinities have no text form here
				if c.Mode == "encode_decode" {
					enc, err := Encode(ts, got)
					if err != nil || hex.EncodeToString(enc) != c.Hex {
						t.Fatalf("re-encode = %x, %v; want %s", enc, err, c.Hex)
					}
				}
				return
			}
			want, err := ParseArgs(*c.Value)
			if err != nil {
				t.Fatalf("value %s: %v", *c.Value, err)
			}
			if c.Mode != "encode" {
				want, err := coerceArgs(want, ts)
				if err != nil {
					t.Fatal(err)
				}
				if !argsEqual(got, want) {
					t.Fatalf("decode = %s, want %s", FormatArgs(got), FormatArgs(want))
				}
			}
			if c.Mode != "decode" {
				enc, err := Encode(ts, want)
				if err != nil {
					t.Fatalf("encode: %v", err)
				}
				if hex.EncodeToString(enc) != c.Hex {
					t.Fatalf("encode = %x\nwant     %s", enc, c.Hex)
				}
			}
		})
	}
	for i, c := range v.AgentJSDecodeFailures {
		t.Run(caseName(i, "decode_fail "+c.Description), func(t *testing.T) {
			ts, err := ParseTypes(c.Type)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := Decode(vectors.Hex(t, c.Hex), ts); err == nil {
				t.Fatalf("decoded to %s, want an error", FormatArgs(got))
			}
		})
	}
}
