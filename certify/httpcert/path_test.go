package httpcert

import (
	"encoding/hex"
	"slices"
	"testing"
)

// TestCertificationPaths checks §8.5: URL path to tree and expression path.
func TestCertificationPaths(t *testing.T) {
	v := loadHTTPVectors(t)
	if len(v.CertificationPaths) == 0 {
		t.Fatal("no certification_paths")
	}
	for _, c := range v.CertificationPaths {
		p := ExactPath(c.Path)
		if c.Kind == "wildcard" {
			p = WildcardPath(c.Path)
		}
		if got := p.TreePath(); !slices.Equal(got, c.TreePath) {
			t.Errorf("%s %q: tree path %q, want %q", c.Kind, c.Path, got, c.TreePath)
		}
		if got := p.ExprPath(); !slices.Equal(got, c.ExprPath) {
			t.Errorf("%s %q: expr path %q, want %q", c.Kind, c.Path, got, c.ExprPath)
		}
	}
}

func TestMoreSpecificWildcards(t *testing.T) {
	v := loadHTTPVectors(t)
	if len(v.MoreSpecificWildcards) == 0 {
		t.Fatal("no more_specific_wildcards")
	}
	for _, c := range v.MoreSpecificWildcards {
		got := moreSpecificWildcards(c.Requested, c.Responding)
		if !slices.EqualFunc(got, c.Expected, slices.Equal) {
			t.Errorf("%q from %q: %q, want %q", c.Requested, c.Responding, got, c.Expected)
		}
	}
	// Degenerate inputs end and do not panic.
	for _, c := range [][2][]string{{nil, nil}, {nil, {""}}, {{""}, nil}, {{"a", ""}, {"a", ""}}, {{"<*>"}, {"http_expr"}}} {
		moreSpecificWildcards(c[0], c[1])
	}
}

// TestValidateExprPath runs validate_expr_path's named cases.
func TestValidateExprPath(t *testing.T) {
	v := loadHTTPVectors(t)
	if len(v.ExprPathValidation) == 0 {
		t.Fatal("no expr_path_validation")
	}
	for _, c := range v.ExprPathValidation {
		t.Run(c.Name, func(t *testing.T) {
			path, err := RequestPath(c.RequestURL)
			if err != nil {
				t.Fatal(err)
			}
			checkValidation(t, ValidateExprPath(c.ExprPath, path, jsonTree(t, c.Tree)), c.Expected)
		})
	}
}

// TestValidateExprPathMatrix runs the 54 rows of validate_various_expr_paths.
func TestValidateExprPathMatrix(t *testing.T) {
	v := loadHTTPVectors(t)
	if len(v.ExprPathMatrix) != 54 {
		t.Fatalf("%d matrix rows, want 54", len(v.ExprPathMatrix))
	}
	for _, c := range v.ExprPathMatrix {
		raw, ok := v.ExprPathTrees[c.TreeName]
		if !ok {
			t.Fatalf("no tree %q", c.TreeName)
		}
		err := ValidateExprPath(c.ExprPath, c.RequestPath, jsonTree(t, raw))
		if got := resultName(err); got != c.Expected {
			t.Errorf("%s %q in %s: %s (%v), want %s", c.RequestPath, c.ExprPath, c.TreeName, got, err, c.Expected)
		}
	}
}

func resultName(err error) string {
	if err == nil {
		return "ok"
	}
	return ReasonOf(err).String()
}

func checkValidation(t *testing.T, err error, want string) {
	t.Helper()
	if got := resultName(err); got != want {
		t.Errorf("%s (%v), want %s", got, err, want)
	}
}

// TestSkipCertificationTree checks the certified data of the skip tree.
func TestSkipCertificationTree(t *testing.T) {
	v := loadHTTPVectors(t)
	sc := v.SkipCertification
	if SkipCertification().String() != sc.Expression {
		t.Fatalf("skip expression %q", SkipCertification().String())
	}
	d := jsonTree(t, sc.Tree).Digest()
	if got := hex.EncodeToString(d[:]); got != sc.CertifiedDataHex {
		t.Errorf("digest %s, want %s", got, sc.CertifiedDataHex)
	}
}
