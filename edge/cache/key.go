package cache

import (
	"net/http"
	"slices"
	"strings"

	"github.com/threshold-ic/threshold/edge/compress"
)

// baseKey is the key before Vary: host without port (the same canister
// answers on the HTTP and HTTPS ports), path, query, the set of accepted
// codings, Range, If-Range and the configured extra.
func (c *Cache) baseKey(r *http.Request) string {
	host := hostWithoutPort(r.Host)
	var b strings.Builder
	b.Grow(len(host) + len(r.URL.RawPath) + len(r.URL.Path) + len(r.URL.RawQuery) + 16)
	b.WriteString(strings.ToLower(strings.TrimSuffix(host, ".")))
	b.WriteByte(0)
	b.WriteString(r.URL.EscapedPath())
	b.WriteByte('?')
	b.WriteString(r.URL.RawQuery)
	b.WriteByte(0)
	b.WriteString(compress.ParseAccept(r.Header.Get("Accept-Encoding")).Key())
	if rg := r.Header.Get("Range"); rg != "" {
		b.WriteString("\x00r")
		b.WriteString(rg)
		b.WriteString("\x00i")
		b.WriteString(r.Header.Get("If-Range"))
	}
	if c.opts.KeyExtra != nil {
		b.WriteString("\x00x")
		b.WriteString(c.opts.KeyExtra(r))
	}
	return b.String()
}

// varyKey adds the request's values of the named headers.
func varyKey(base string, names []string, r *http.Request) string {
	var b strings.Builder
	b.WriteString(base)
	for _, n := range names {
		b.WriteString("\x01")
		b.WriteString(n)
		b.WriteByte('=')
		b.WriteString(strings.Join(r.Header.Values(n), ","))
	}
	return b.String()
}

// varyNames returns the canonical, sorted, unique header names of Vary,
// without Accept-Encoding (the base key has it, normalised).
func varyNames(h http.Header) []string {
	var names []string
	for _, v := range h.Values("Vary") {
		for _, tok := range strings.Split(v, ",") {
			n := http.CanonicalHeaderKey(strings.TrimSpace(tok))
			if n != "" && n != "Accept-Encoding" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	slices.Sort(names)
	return names
}

// hostWithoutPort is net.SplitHostPort's host without its allocations
// for the common case of no port.
func hostWithoutPort(host string) string {
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i > 0 {
			return host[1:i]
		}
		return host
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && strings.IndexByte(host[:i], ':') < 0 {
		return host[:i]
	}
	return host
}
