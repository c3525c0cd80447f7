package httpcert

import (
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/internal/vectors"
)

// httpVectors is the part of http_certification.json these tests read.
type httpVectors struct {
	RequestHashes []struct {
		Name    string
		Request struct {
			Method  string
			URL     string
			Headers [][2]string
			BodyHex string `json:"body_hex"`
		}
		Certification struct {
			Headers []string `json:"certified_request_headers"`
			Params  []string `json:"certified_query_parameters"`
		}
		RequestHashHex string `json:"request_hash_hex"`
		MustDifferFrom string `json:"request_hash_must_differ_from"`
	} `json:"request_hashes"`
	ResponseHashes []struct {
		Name     string
		Response struct {
			StatusCode uint16 `json:"status_code"`
			BodyHex    string `json:"body_hex"`
			Headers    [][2]string
		}
		Certification struct {
			Certified []string `json:"certified_response_headers"`
			Excluded  []string `json:"response_header_exclusions"`
		} `json:"response_certification"`
		ResponseHashHex        string      `json:"response_hash_hex"`
		ResponseHeadersHashHex string      `json:"response_headers_hash_hex"`
		BodyHashOverrideHex    string      `json:"body_hash_override_hex"`
		ExpectedFiltered       [][2]string `json:"expected_filtered_headers"`
	} `json:"response_hashes"`
	ResponseHeaderFiltering json.RawMessage `json:"response_header_filtering"`
	CELBuilderFixtures      []struct {
		Name       string
		Expression string
		Parsed     json.RawMessage
	} `json:"cel_builder_fixtures"`
	CELParseCases []struct {
		Name     string
		Literal  string `json:"expression_source_literal"`
		Minified string `json:"expression_minified"`
		Expected json.RawMessage
	} `json:"cel_parse_cases"`
	CertificateHeaders []struct {
		Name        string
		HeaderValue string `json:"header_value"`
		Fields      struct {
			Certificate string `json:"certificate_base64"`
			Tree        string `json:"tree_base64"`
			ExprPath    string `json:"expr_path_base64"`
			Version     string
		}
		Decoded struct {
			CertificateHex  string   `json:"certificate_hex"`
			TreeCBORHex     string   `json:"tree_cbor_hex"`
			ExprPath        []string `json:"expr_path"`
			CertificateUTF8 string   `json:"certificate_utf8"`
			TreeUTF8        string   `json:"tree_utf8"`
			Tree            json.RawMessage
		}
		CompanionHeader [2]string `json:"companion_header"`
	} `json:"ic_certificate_headers"`
	FieldCases []struct {
		Field     *string
		FieldForm string `json:"field_form"`
		Expected  *struct{ Name, Value string }
	} `json:"ic_certificate_header_field_parse_cases"`
	SkipCertification struct {
		Expression       string
		Tree             json.RawMessage
		CertifiedDataHex string `json:"certified_data_hex"`
	} `json:"skip_certification"`
	CertificationPaths []struct {
		Kind     string
		Path     string
		TreePath []string `json:"tree_path"`
		ExprPath []string `json:"expr_path"`
	} `json:"certification_paths"`
	ExprPathValidation []struct {
		Name       string
		ExprPath   []string `json:"expr_path"`
		RequestURL string   `json:"request_url"`
		Tree       json.RawMessage
		Expected   string
	} `json:"expr_path_validation"`
	ExprPathTrees  map[string]json.RawMessage `json:"expr_path_validation_trees"`
	ExprPathMatrix []struct {
		RequestPath string   `json:"request_path"`
		ExprPath    []string `json:"expr_path"`
		TreeName    string   `json:"tree_name"`
		Expected    string
	} `json:"expr_path_validation_matrix"`
	MoreSpecificWildcards []struct {
		Requested  []string   `json:"requested_path"`
		Responding []string   `json:"responding_path"`
		Expected   [][]string `json:"expected_more_specific_wildcards"`
	} `json:"more_specific_wildcards"`
}

func loadHTTPVectors(t testing.TB) *httpVectors {
	t.Helper()
	var v httpVectors
	vectors.Load(t, "http_certification.json", &v)
	return &v
}

func headerFields(hs [][2]string) []HeaderField {
	out := make([]HeaderField, len(hs))
	for i, h := range hs {
		out[i] = HeaderField{h[0], h[1]}
	}
	return out
}

// jsonTree builds a hash tree from the vectors' JSON form:
// ["empty"], ["fork", l, r], ["labeled", hex, t], ["leaf", hex], ["pruned", hex].
func jsonTree(t testing.TB, raw json.RawMessage) hashtree.Tree {
	t.Helper()
	var parts []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil || len(parts) == 0 {
		t.Fatalf("tree %s: %v", raw, err)
	}
	var kind string
	json.Unmarshal(parts[0], &kind)
	str := func(i int) []byte {
		var s string
		if err := json.Unmarshal(parts[i], &s); err != nil {
			t.Fatalf("tree %s: %v", raw, err)
		}
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatalf("tree %s: %v", raw, err)
		}
		return b
	}
	switch kind {
	case "empty":
		return hashtree.Empty()
	case "fork":
		return hashtree.NewFork(jsonTree(t, parts[1]), jsonTree(t, parts[2]))
	case "labeled":
		return hashtree.NewLabeled(str(1), jsonTree(t, parts[2]))
	case "leaf":
		return hashtree.NewLeaf(str(1))
	case "pruned":
		return hashtree.NewPruned(hashtree.Hash(str(1)))
	}
	t.Fatalf("tree kind %q", kind)
	return hashtree.Tree{}
}
