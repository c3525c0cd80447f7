package resolve

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// customTable is an immutable snapshot of the custom-domain table.
type customTable map[string]principal.Principal

// SetCustomDomains replaces the custom-domain table (domain -> canister)
// atomically; requests in flight keep the table they started with. Domains
// are normalised; a malformed one fails the whole update, leaving the old
// table in place.
func (r *Resolver) SetCustomDomains(domains map[string]principal.Principal) error {
	t, err := newCustomTable(domains)
	if err != nil {
		return err
	}
	r.custom.Store(&t)
	return nil
}

// CustomDomains returns a copy of the current custom-domain table.
func (r *Resolver) CustomDomains() map[string]principal.Principal {
	t := *r.custom.Load()
	out := make(map[string]principal.Principal, len(t))
	for k, v := range t {
		out[k] = v
	}
	return out
}

func newCustomTable(domains map[string]principal.Principal) (customTable, error) {
	t := make(customTable, len(domains))
	for d, id := range domains {
		n, err := NormalizeHost(d)
		if err != nil || strings.ContainsAny(d, ":[]") {
			return nil, fmt.Errorf("%w: custom domain %q is not a domain name", ErrConfig, d)
		}
		t[n] = id
	}
	return t, nil
}

// ParseCustomDomains reads a custom-domain file: one "domain canister-id"
// (or "domain:canister-id", ic-gateway's local-file format) per line; blank
// lines and lines starting with '#' are ignored. Errors name the line.
func ParseCustomDomains(rd io.Reader) (map[string]principal.Principal, error) {
	out := map[string]principal.Principal{}
	sc := bufio.NewScanner(rd)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Fields(strings.Replace(s, ":", " ", 1))
		if len(f) != 2 {
			return nil, fmt.Errorf("custom domains line %d: want \"domain canister-id\", got %q", line, s)
		}
		d, err := NormalizeHost(f[0])
		if err != nil {
			return nil, fmt.Errorf("custom domains line %d: %q is not a domain name", line, f[0])
		}
		id, err := principal.Parse(f[1])
		if err != nil {
			return nil, fmt.Errorf("custom domains line %d: %q: %w", line, f[1], err)
		}
		if prev, dup := out[d]; dup && prev != id {
			return nil, fmt.Errorf("custom domains line %d: %s is mapped twice", line, d)
		}
		out[d] = id
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("custom domains: %w", err)
	}
	return out, nil
}
