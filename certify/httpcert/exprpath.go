package httpcert

import (
	"slices"
	"strings"

	"github.com/threshold-ic/threshold/certify/hashtree"
)

// ValidateExprPath checks that exprPath, taken from an IC-Certificate
// header, is the path the tree must certify the response for requestPath
// under (PROTOCOL.md §8.5, v2_validation.rs validate_expr_path):
//
//   - it starts with "http_expr" and ends with "<$>" or "<*>";
//   - if it is the exact path of the request it must exist in the tree;
//   - otherwise it must be a wildcard, the exact path must be provably
//     absent, and the wildcard must cover the request path;
//   - every wildcard more specific than it must be provably absent;
//   - it must exist in the tree.
//
// "Provably absent" means the tree's lookup answers Absent, not Unknown:
// a witness must keep the neighbours of every missing label.
func ValidateExprPath(exprPath []string, requestPath string, tree hashtree.Tree) error {
	detail := func() string { return "expr_path " + formatPath(exprPath) + ", request path " + quote(requestPath) }
	if len(exprPath) == 0 || exprPath[0] != ExprPrefix {
		return fail(ErrUnexpectedExpressionPathPrefix, detail(), nil)
	}
	last := exprPath[len(exprPath)-1]
	if last != ExactTerminator && last != WildcardTerminator {
		return fail(ErrUnexpectedExpressionPathSuffix, detail(), nil)
	}

	// The request's own path, with "" for a trailing slash: /app and /app/
	// are different paths.
	request := make([]string, 0, 8)
	request = append(request, ExprPrefix)
	for s := range strings.SplitSeq(requestPath, "/") {
		if s != "" {
			request = append(request, s)
		}
	}
	if strings.HasSuffix(requestPath, "/") {
		request = append(request, "")
	}
	exact := append(request, ExactTerminator)

	if slices.Equal(exprPath, exact) {
		if lookup(tree, exprPath) != hashtree.Found {
			return fail(ErrExactExpressionPathNotFoundInTree, detail(), nil)
		}
		return nil
	}
	if last == ExactTerminator {
		return fail(ErrExactExpressionPathMismatch, detail(), nil)
	}
	if lookup(tree, exact) != hashtree.Absent {
		return fail(ErrExactExpressionPathMightExistInTree, detail()+", "+formatPath(exact)+" is not proven absent", nil)
	}
	request = exact[:len(exact)-1]
	if !wildcardCovers(exprPath[:len(exprPath)-1], request) {
		return fail(ErrWildcardExpressionPathMismatch, detail(), nil)
	}
	for _, w := range moreSpecificWildcards(request, exprPath) {
		w = append([]string{ExprPrefix}, w...)
		if lookup(tree, w) != hashtree.Absent {
			return fail(ErrMoreSpecificWildcardExpressionMightExistInTree, detail()+", "+formatPath(w)+" is not proven absent", nil)
		}
	}
	if lookup(tree, exprPath) != hashtree.Found {
		return fail(ErrWildcardExpressionPathNotFoundInTree, detail(), nil)
	}
	return nil
}

// lookup looks a path up as a subtree (lookup_subtree).
func lookup(tree hashtree.Tree, path []string) hashtree.Result {
	_, r := tree.LookupSubtree(labels(path)...)
	return r
}

func labels(path []string) [][]byte {
	out := make([][]byte, len(path))
	for i, s := range path {
		out[i] = []byte(s)
	}
	return out
}

// formatPath formats a path for an error detail, eliding the middle of
// long ones.
func formatPath(p []string) string {
	const keep = 16
	q := make([]string, 0, min(len(p), keep+1))
	for i, s := range p {
		if len(p) > keep && i == keep/2 {
			q = append(q, "…")
		}
		if len(p) <= keep || i < keep/2 || i >= len(p)-keep/2 {
			q = append(q, quote(s))
		}
	}
	return "[" + strings.Join(q, " ") + "]"
}
