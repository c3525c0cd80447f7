package resolve

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Kind is the rule that mapped a host.
type Kind uint8

// The rules of the package doc.
const (
	KindApex   Kind = iota + 1 // <id>.<apex>, <name>--<id>.<apex>
	KindRaw                    // <id>.raw.<apex>, <alias>.raw.<apex>, raw.<apex>?canisterId=
	KindAlias                  // <alias>.<apex>
	KindCustom                 // a custom domain
	KindQuery                  // <apex>?canisterId=<id>
)

var kindNames = [...]string{"", "apex", "raw", "alias", "custom", "query"}

// String returns the kind's name, used as a metric label.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Target is where a request goes.
type Target struct {
	Canister principal.Principal
	// Verify is false for raw names: their answers are served unchecked.
	Verify bool
	Domain Kind
	// Host is the normalised host name.
	Host string
}

// Resolver maps hosts to canisters. It is safe for concurrent use.
type Resolver struct {
	apexes  []Apex // longest name first, so the most specific apex wins
	aliases map[string]principal.Principal
	query   bool
	custom  atomic.Pointer[customTable]
}

// New validates cfg and returns a Resolver.
func New(cfg Config) (*Resolver, error) {
	apexes, aliases, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	sort.SliceStable(apexes, func(i, j int) bool { return len(apexes[i].Name) > len(apexes[j].Name) })
	t, err := newCustomTable(cfg.CustomDomains)
	if err != nil {
		return nil, err
	}
	r := &Resolver{apexes: apexes, aliases: aliases, query: cfg.QueryCanisterID}
	r.custom.Store(&t)
	return r, nil
}

// Resolve maps a Host header and the request's query parameters to a
// Target. Errors are *Error values wrapping ErrBadHost, ErrUnknownDomain,
// ErrMalformedID, ErrNoCanister or ErrRawDisabled.
func (r *Resolver) Resolve(host string, query url.Values) (Target, error) {
	h, err := NormalizeHost(host)
	if err != nil {
		return Target{}, err
	}
	if net.ParseIP(h) == nil {
		for _, a := range r.apexes {
			if t, ok, err := r.underApex(h, a, query); ok {
				return t, err
			}
		}
	}
	if id, ok := (*r.custom.Load())[h]; ok {
		return Target{Canister: id, Verify: true, Domain: KindCustom, Host: h}, nil
	}
	return Target{}, fail(ErrUnknownDomain, h, "", nil)
}

// underApex applies the apex rules; ok is false when h is not under a.
func (r *Resolver) underApex(h string, a Apex, query url.Values) (t Target, ok bool, err error) {
	var sub string
	switch {
	case h == a.Name:
		return r.fromQuery(h, query, true, KindQuery)
	case strings.HasSuffix(h, "."+a.Name):
		sub = h[:len(h)-len(a.Name)-1]
	default:
		return Target{}, false, nil
	}
	raw := false
	switch {
	case sub == "raw":
		if !a.Raw {
			return Target{}, true, fail(ErrRawDisabled, h, "", nil)
		}
		return r.fromQuery(h, query, false, KindRaw)
	case strings.HasSuffix(sub, ".raw"):
		if !a.Raw {
			return Target{}, true, fail(ErrRawDisabled, h, "", nil)
		}
		sub, raw = strings.TrimSuffix(sub, ".raw"), true
	}
	if strings.Contains(sub, ".") {
		return Target{}, false, nil // deeper names may still be custom domains
	}
	kind := KindApex
	if raw {
		kind = KindRaw
	}
	if id, ok := r.aliases[sub]; ok {
		if !raw {
			kind = KindAlias
		}
		return Target{Canister: id, Verify: !raw, Domain: kind, Host: h}, true, nil
	}
	label := sub
	if i := strings.LastIndex(sub, "--"); i >= 0 {
		label = sub[i+2:]
	}
	id, perr := canisterID(label)
	if perr != nil {
		return Target{}, true, fail(ErrMalformedID, h, sub, perr)
	}
	return Target{Canister: id, Verify: !raw, Domain: kind, Host: h}, true, nil
}

// fromQuery takes the canister from ?canisterId= on an apex name.
func (r *Resolver) fromQuery(h string, query url.Values, verify bool, kind Kind) (Target, bool, error) {
	v := query.Get("canisterId")
	if !r.query || v == "" {
		return Target{}, true, fail(ErrNoCanister, h, "", nil)
	}
	id, err := canisterID(v)
	if err != nil {
		return Target{}, true, fail(ErrMalformedID, h, "canisterId="+v, err)
	}
	return Target{Canister: id, Verify: verify, Domain: kind, Host: h}, true, nil
}

// Names reports whether host may get a TLS certificate: whether it is a
// name the Resolver maps, or an apex name that selects canisters with
// ?canisterId=. IP literals, unknown and malformed names may not.
func (r *Resolver) Names(host string) bool {
	_, err := r.Resolve(host, nil)
	if err == nil {
		return true
	}
	var e *Error
	return asError(err, &e) && e.Kind == ErrNoCanister
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}

// errNotCanister says a principal is valid but cannot be a canister: the
// management canister, a user's self-authenticating id, the anonymous id.
var errNotCanister = errors.New("not a canister id")

// canisterID parses the text form of a canister id: a principal of the
// opaque class, which is what the IC assigns to canisters (interface spec
// § Principals).
func canisterID(s string) (principal.Principal, error) {
	id, err := principal.Parse(s)
	if err != nil {
		return id, err
	}
	if id.Class() != principal.ClassOpaque {
		return id, fmt.Errorf("%w: %s", errNotCanister, s)
	}
	return id, nil
}

// RefererQuery gives a request on an apex name the canister of the page
// that refers to it. A page loaded as https://<apex>/?canisterId=<id>
// names its scripts, styles and images by path (/app.js), and browsers
// send the page's URL as the Referer; without this rule those loads would
// find no canister. It applies only where ?canisterId= does (Config
// QueryCanisterID, <apex> and raw.<apex>), only when the request names no
// canister itself, and only for a Referer on the same host: a page of one
// site cannot point another site's requests anywhere. It returns the raw
// query with canisterId=<id> added, and whether it applies.
//
// This is the rule of dfx's former local gateway (icx-proxy), which
// served pages at http://127.0.0.1:4943/?canisterId=<id>.
func (r *Resolver) RefererQuery(host, rawQuery, referer string) (string, bool) {
	if !r.query || !strings.Contains(referer, "canisterId=") {
		return "", false // the cheap test first: most requests stop here
	}
	query, err := url.ParseQuery(rawQuery)
	if err != nil || query.Has("canisterId") {
		return "", false
	}
	var e *Error
	if _, err := r.Resolve(host, query); !asError(err, &e) || e.Kind != ErrNoCanister {
		return "", false // a canister host, or a name that no query can fix
	}
	ref, err := url.Parse(referer)
	if err != nil || ref.Host == "" {
		return "", false
	}
	if h, err := NormalizeHost(ref.Host); err != nil || h != e.Host {
		return "", false
	}
	v := ref.Query().Get("canisterId")
	if _, err := canisterID(v); err != nil {
		return "", false
	}
	add := "canisterId=" + url.QueryEscape(v)
	if rawQuery == "" {
		return add, true
	}
	return rawQuery + "&" + add, true
}
