package layering

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// listPackages lists the module's packages as built for the host, plus
// the canister packages as built for wasip1 (some build only there).
func listPackages(t *testing.T) []pkg {
	t.Helper()
	pkgs := goList(t, nil, Module+"/...")
	return append(pkgs, goList(t, []string{"GOOS=wasip1", "GOARCH=wasm"}, Module+"/assets/canister")...)
}

func goList(t *testing.T, env []string, pattern string) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", pattern)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatalf("go list %s found no package", pattern)
	}
	return pkgs
}

// rel returns the path of p relative to the module root, and whether p is
// one of ours.
func rel(p string) (string, bool) {
	if p == Module {
		return "", true
	}
	r, ok := strings.CutPrefix(p, Module+"/")
	return r, ok
}

func under(path, prefix string) bool {
	return prefix == "" || path == prefix || strings.HasPrefix(path, prefix+"/")
}

func ruleFor(path string) (rule, bool) {
	var best rule
	found := false
	for _, r := range rules {
		if under(path, r.prefix) && (!found || len(r.prefix) > len(best.prefix)) {
			best, found = r, true
		}
	}
	return best, found
}

// check returns the violations of the rules by one package.
func check(p pkg) []string {
	path, _ := rel(p.ImportPath)
	var bad []string
	r, hasRule := ruleFor(path)
	for _, imp := range p.Imports {
		ip, ours := rel(imp)
		if !ours {
			for _, f := range r.forbidStd {
				if imp == f {
					bad = append(bad, path+" imports "+imp)
				}
			}
			continue
		}
		for _, t := range testOnly {
			if under(ip, t) {
				bad = append(bad, path+" imports the test-only package "+ip)
			}
		}
		if !hasRule {
			continue
		}
		ok := false
		for _, a := range r.allow {
			ok = ok || under(ip, a)
		}
		if !ok {
			bad = append(bad, path+" imports "+ip+" (allowed: "+strings.Join(r.allow, ", ")+")")
		}
	}
	all := append(append(append([]string(nil), p.Imports...), p.TestImports...), p.XTestImports...)
	for _, imp := range all {
		ip, ours := rel(imp)
		if !ours {
			continue
		}
		for _, n := range neverImported {
			if under(ip, n) && !under(path, n) {
				bad = append(bad, path+" imports "+ip+", which nothing may import")
			}
		}
	}
	return bad
}

// TestImportRules fails when a package imports what DESIGN.md's package map
// forbids.
func TestImportRules(t *testing.T) {
	for _, p := range listPackages(t) {
		for _, v := range check(p) {
			t.Error(v)
		}
	}
}

// TestRulesCatchViolations makes sure the checker itself can fail.
func TestRulesCatchViolations(t *testing.T) {
	for _, tc := range []struct {
		p    pkg
		want int
	}{
		{pkg{ImportPath: Module + "/certify/hashtree", Imports: []string{Module + "/replica/api/principal"}}, 1},
		{pkg{ImportPath: Module + "/certify", Imports: []string{Module + "/certify/bls", "crypto/sha256"}}, 0},
		{pkg{ImportPath: Module + "/edge", Imports: []string{Module + "/cmd/threshold"}}, 2},
		{pkg{ImportPath: Module + "/replica/api/envelope", Imports: []string{Module + "/subnet"}}, 1},
		{pkg{ImportPath: Module + "/replica/node", Imports: []string{Module + "/subnet/consensus"}}, 0},
		{pkg{ImportPath: Module + "/replica/exec", Imports: []string{Module + "/subnet/consensus", "net/http"}}, 2},
		{pkg{ImportPath: Module + "/subnet/consensus", Imports: []string{"os"}}, 1},
		{pkg{ImportPath: Module + "/certify", TestImports: []string{Module + "/internal/vectors"}}, 0},
		{pkg{ImportPath: Module + "/certify", Imports: []string{Module + "/internal/vectors"}}, 2},
		{pkg{ImportPath: Module + "/dns", XTestImports: []string{Module + "/deploy/x"}}, 1},
		{pkg{ImportPath: Module + "/assets/store", Imports: []string{Module + "/certify", "net/http", Module + "/certify/httpcert"}}, 2},
		{pkg{ImportPath: Module + "/assets/canister", Imports: []string{Module + "/assets/store", "os"}}, 1},
		{pkg{ImportPath: Module + "/assets/upload", Imports: []string{Module + "/replica/api/agent", "net/url"}}, 1},
		{pkg{ImportPath: Module + "/assets", Imports: []string{Module + "/replica/api/agent", "net/http"}}, 0},
	} {
		if got := check(tc.p); len(got) != tc.want {
			t.Errorf("%s: got %d violations %v, want %d", tc.p.ImportPath, len(got), got, tc.want)
		}
	}
}
