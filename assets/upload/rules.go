package upload

import (
	"slices"
	"strings"

	"github.com/threshold-ic/threshold/assets/wire"
)

// How rules combine (dfx's AssetConfig merge): the rules of every
// configuration file from the folder root down to the file's directory
// are applied in that order, and within a file in the order written; each
// rule whose pattern matches overrides the fields it sets. Headers merge:
// a rule adds to or replaces (by case-insensitive name) the headers set so
// far, and "headers": null drops them all.

// scope is the rules of one configuration file.
type scope struct {
	dir   string // the file's directory relative to the root ("" for the root, "a/b")
	file  string // the configuration file, for messages
	rules []rule
}

// settings are the merged rules for one path.
type settings struct {
	maxAge               *uint64
	headers              []wire.HeaderField
	ignore               *bool
	enableAliasing       *bool
	allowRawAccess       *bool
	encodings            []string
	securityPolicy       string
	disablePolicyWarning bool
}

// resolve merges the rules of chain (root first) that match rel, a slash
// path relative to the root with no leading slash.
func resolve(chain []*scope, rel string) settings {
	t := true
	s := settings{allowRawAccess: &t} // dfx's default since 0.14.4: raw access allowed
	for _, sc := range chain {
		sub := rel
		if sc.dir != "" {
			var ok bool
			if sub, ok = strings.CutPrefix(rel, sc.dir+"/"); !ok {
				continue // not below this configuration file
			}
		}
		for i := range sc.rules {
			r := &sc.rules[i]
			if !r.match.match(sub) {
				continue
			}
			r.used = true
			s.apply(r)
		}
	}
	return s
}

// apply overrides s with the fields r sets.
func (s *settings) apply(r *rule) {
	if r.setCache {
		s.maxAge = r.maxAge
	}
	if r.setHeaders {
		if r.headers == nil {
			s.headers = nil
		} else {
			s.headers = mergeHeaders(s.headers, r.headers)
		}
	}
	if r.ignore != nil {
		s.ignore = r.ignore
	}
	if r.enableAliasing != nil {
		s.enableAliasing = r.enableAliasing
	}
	if r.allowRawAccess != nil {
		s.allowRawAccess = r.allowRawAccess
	}
	if r.encodings != nil {
		s.encodings = r.encodings
	}
	if r.securityPolicy != "" {
		s.securityPolicy = r.securityPolicy
	}
	if r.disablePolicyWarning != nil {
		s.disablePolicyWarning = *r.disablePolicyWarning
	}
}

// mergeHeaders returns base with over's headers added, replacing those of
// the same name (compared without case). base is not modified.
func mergeHeaders(base, over []wire.HeaderField) []wire.HeaderField {
	out := slices.Clone(base)
	for _, h := range over {
		i := slices.IndexFunc(out, func(o wire.HeaderField) bool { return strings.EqualFold(o.Name, h.Name) })
		if i >= 0 {
			out[i] = h
		} else {
			out = append(out, h)
		}
	}
	return out
}

// finalHeaders are the headers an asset is created with: the rules'
// headers, then the security policy's headers that the rules did not set
// (a rule's header overrides the policy's, dfx's combined_headers),
// sorted by lower-case name so that the result does not depend on rule
// order. nil when there are none.
func (s *settings) finalHeaders() []wire.HeaderField {
	hs := slices.Clone(s.headers)
	for _, h := range policyHeaders(s.securityPolicy) {
		if !slices.ContainsFunc(hs, func(o wire.HeaderField) bool { return strings.EqualFold(o.Name, h.Name) }) {
			hs = append(hs, h)
		}
	}
	if len(hs) == 0 {
		return nil
	}
	sortHeaders(hs)
	return hs
}

// sortHeaders orders headers by lower-case name, then value.
func sortHeaders(hs []wire.HeaderField) {
	slices.SortFunc(hs, func(a, b wire.HeaderField) int {
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
}
