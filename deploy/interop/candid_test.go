package interop

import (
	"encoding/hex"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/candid"
)

type candidCases struct {
	Cases []struct {
		Name      string `json:"name"`
		Defs      string `json:"defs"`
		Type      string `json:"type"`
		ValueText string `json:"value_text"`
		Hex       string `json:"hex"`
	} `json:"cases"`
}

type nodeResults struct {
	Results []struct {
		Name  string `json:"name"`
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	} `json:"results"`
}

// TestCandidWithJS checks Candid both ways against the JS library: the
// bytes @icp-sdk/core encodes decode (with subtyping) to the value written
// in Candid text, and the bytes Threshold encodes from that text decode in
// JS to the value it started from.
func TestCandidWithJS(t *testing.T) {
	var in candidCases
	node(t, "candid.mjs", nil, &in, "encode")
	type back struct {
		Name string `json:"name"`
		Hex  string `json:"hex"`
	}
	var ours []back
	for _, c := range in.Cases {
		t.Run("decode/"+c.Name, func(t *testing.T) {
			did, err := candid.ParseDid(c.Defs)
			if err != nil {
				t.Fatalf("defs: %v", err)
			}
			types, err := did.ParseTypes(c.Type)
			if err != nil {
				t.Fatalf("type %s: %v", c.Type, err)
			}
			b, err := hex.DecodeString(c.Hex)
			if err != nil {
				t.Fatal(err)
			}
			got, err := candid.Decode(b, types)
			if err != nil {
				t.Fatalf("decode %s: %v", c.Hex, err)
			}
			want, err := candid.ParseArgs(c.ValueText)
			if err != nil {
				t.Fatalf("parse %s: %v", c.ValueText, err)
			}
			if len(want) != len(types) {
				t.Fatalf("%d values for %d types", len(want), len(types))
			}
			for i := range want {
				if want[i], err = candid.Coerce(want[i], types[i]); err != nil {
					t.Fatalf("coerce %s: %v", c.ValueText, err)
				}
				if !got[i].Equal(want[i]) {
					t.Fatalf("arg %d: decoded %s, want %s", i, got[i], want[i])
				}
			}
			enc, err := candid.Encode(types, want)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			ours = append(ours, back{c.Name, hex.EncodeToString(enc)})
		})
	}
	if len(ours) != len(in.Cases) {
		t.Fatalf("encoded %d of %d cases", len(ours), len(in.Cases))
	}
	var out nodeResults
	node(t, "candid.mjs", map[string]any{"cases": ours}, &out, "decode")
	for _, r := range out.Results {
		if !r.OK {
			t.Errorf("JS decode of %s: %s", r.Name, r.Error)
		}
	}
	if len(out.Results) != len(ours) {
		t.Errorf("JS checked %d of %d", len(out.Results), len(ours))
	}
}
