package cache

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/threshold-ic/threshold/edge/compress"
)

// storableStatus lists the codes a shared cache may store with heuristic
// freshness (RFC 9110 section 15.1), plus 206 for a keyed Range request.
var storableStatus = map[int]bool{200: true, 203: true, 204: true, 206: true, 300: true, 301: true,
	308: true, 404: true, 405: true, 410: true, 414: true, 501: true}

// directives is a parsed Cache-Control header.
type directives map[string]string

func parseDirectives(values []string) directives {
	d := directives{}
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			k, val, _ := strings.Cut(strings.TrimSpace(part), "=")
			if k != "" {
				d[strings.ToLower(k)] = strings.Trim(val, `"`)
			}
		}
	}
	return d
}

func (d directives) seconds(name string) (time.Duration, bool) {
	v, ok := d[name]
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, true // malformed: treat as stale at once (RFC 9111 section 4.2.1)
	}
	return time.Duration(min(n, 1<<31)) * time.Second, true
}

func (d directives) has(name string) bool { _, ok := d[name]; return ok }

// lifetime says whether an answer may be stored and for how long it is
// fresh and then usable when the upstream fails. reason names a refusal
// for the metrics.
func (c *Cache) lifetime(r *http.Request, status int, h http.Header, now time.Time) (ttl, staleFor time.Duration, reason string) {
	if h.Get(headerCacheable) != "1" {
		return 0, 0, "unverified"
	}
	if !storableStatus[status] || (status == http.StatusPartialContent && r.Header.Get("Range") == "") {
		return 0, 0, "status"
	}
	cc := parseDirectives(h.Values("Cache-Control"))
	switch {
	case cc.has("no-store"), cc.has("private"), cc.has("no-cache"):
		return 0, 0, "cache_control"
	case h.Get("Set-Cookie") != "":
		return 0, 0, "set_cookie"
	case r.Header.Get("Authorization") != "" && !cc.has("public") && !cc.has("s-maxage") && !cc.has("must-revalidate"):
		return 0, 0, "authorization" // RFC 9111 section 3.5
	case hasVaryStar(h):
		return 0, 0, "vary"
	}
	if _, known := compress.CodingOf(h.Get("Content-Encoding")); !known {
		return 0, 0, "encoding" // the key only tells known codings apart
	}
	ttl, explicit := cc.seconds("s-maxage")
	if !explicit {
		ttl, explicit = cc.seconds("max-age")
	}
	if !explicit {
		ttl, explicit = expires(h, now)
	}
	if !explicit {
		ttl = c.opts.DefaultTTL
	}
	ttl = min(ttl, c.opts.MaxTTL)
	if ttl <= 0 {
		return 0, 0, "ttl"
	}
	staleFor = c.opts.StaleIfError
	if sie, ok := cc.seconds("stale-if-error"); ok {
		staleFor = min(sie, staleFor)
	} else if cc.has("must-revalidate") || cc.has("proxy-revalidate") || cc.has("s-maxage") {
		staleFor = 0 // RFC 9111 section 5.2.2.2, 5.2.2.8, 5.2.2.10
	}
	return ttl, staleFor, ""
}

// expires reads Expires against Date (or now) as RFC 9111 section 4.2.1
// says; an invalid Expires means already stale.
func expires(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Expires")
	if v == "" {
		return 0, false
	}
	exp, err := http.ParseTime(v)
	if err != nil {
		return 0, true
	}
	date := now
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		date = d
	}
	return exp.Sub(date), true
}

func hasVaryStar(h http.Header) bool {
	for _, v := range h.Values("Vary") {
		for _, tok := range strings.Split(v, ",") {
			if strings.TrimSpace(tok) == "*" {
				return true
			}
		}
	}
	return false
}
