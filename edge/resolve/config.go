package resolve

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Config says which names map to canisters. It is validated by New and not
// read afterwards.
type Config struct {
	// Apexes are the base domains, e.g. "localhost" and "icp0.io".
	Apexes []Apex
	// Aliases maps a single label to a canister: <label>.<apex> (and,
	// where raw names are on, <label>.raw.<apex>) serve it under every
	// apex.
	Aliases map[string]principal.Principal
	// QueryCanisterID lets ?canisterId=<id> select the canister on the
	// apex names themselves (<apex> and raw.<apex>), as local development
	// gateways do. Canister hosts ignore the parameter.
	QueryCanisterID bool
	// CustomDomains is the initial custom-domain table (domain -> canister);
	// SetCustomDomains replaces it later.
	CustomDomains map[string]principal.Principal
}

// Apex is one base domain.
type Apex struct {
	// Name is the domain, e.g. "icp0.io".
	Name string
	// Raw serves <id>.raw.<Name> without response verification. Off by
	// default: raw names let a single replica answer unchecked.
	Raw bool
}

// ErrConfig is wrapped by every configuration error; the message names the
// field.
var ErrConfig = errors.New("resolve: invalid config")

func (c *Config) validate() (apexes []Apex, aliases map[string]principal.Principal, err error) {
	if len(c.Apexes) == 0 && len(c.CustomDomains) == 0 {
		return nil, nil, fmt.Errorf("%w: Apexes: at least one apex (or a custom domain) is required", ErrConfig)
	}
	seen := map[string]bool{}
	for i, a := range c.Apexes {
		n, err := NormalizeHost(a.Name)
		if err != nil || strings.ContainsAny(a.Name, ":[]") || strings.HasPrefix(n, "raw.") || net.ParseIP(n) != nil {
			return nil, nil, fmt.Errorf("%w: Apexes[%d]: %q is not a domain name usable as an apex", ErrConfig, i, a.Name)
		}
		if seen[n] {
			return nil, nil, fmt.Errorf("%w: Apexes[%d]: %q is listed twice", ErrConfig, i, a.Name)
		}
		seen[n] = true
		apexes = append(apexes, Apex{Name: n, Raw: a.Raw})
	}
	aliases = make(map[string]principal.Principal, len(c.Aliases))
	for name, id := range c.Aliases {
		n, err := NormalizeHost(name)
		if err != nil || strings.Contains(n, ".") || n == "raw" {
			return nil, nil, fmt.Errorf("%w: Aliases: %q is not a single DNS label (and not \"raw\")", ErrConfig, name)
		}
		if _, err := principal.Parse(n); err == nil || strings.Contains(n, "--") {
			return nil, nil, fmt.Errorf("%w: Aliases: %q would shadow a canister id", ErrConfig, name)
		}
		aliases[n] = id
	}
	return apexes, aliases, nil
}
