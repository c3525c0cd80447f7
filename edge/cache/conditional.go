package cache

import (
	"net/http"
	"strings"
)

// conditional reports whether r asks for a 304 at all; it is small enough
// to inline, so most requests never enter notModified.
func conditional(r *http.Request) bool {
	return len(r.Header["If-None-Match"]) > 0 || len(r.Header["If-Modified-Since"]) > 0
}

// notModified evaluates If-None-Match, or else If-Modified-Since, against a
// stored 200 (RFC 9110 sections 13.1.2, 13.1.3 and 13.2.2).
func notModified(r *http.Request, e *entry) bool {
	if e.status != http.StatusOK {
		return false
	}
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 {
		etag := e.header.Get("Etag")
		for _, v := range inm {
			for _, tag := range strings.Split(v, ",") {
				tag = strings.TrimSpace(tag)
				if tag == "*" || (etag != "" && weakEqual(tag, etag)) {
					return true
				}
			}
		}
		return false
	}
	v := r.Header.Get("If-Modified-Since")
	if v == "" {
		return false
	}
	ims, err := http.ParseTime(v)
	if err != nil {
		return false
	}
	lm, err := http.ParseTime(e.header.Get("Last-Modified"))
	return err == nil && !lm.After(ims)
}

// weakEqual is the weak comparison of two entity tags.
func weakEqual(a, b string) bool {
	return strings.TrimPrefix(a, "W/") == strings.TrimPrefix(b, "W/")
}

// notModifiedHeaders are the fields a 304 repeats (RFC 9110 section
// 15.4.5), with Last-Modified for If-Modified-Since clients.
var notModifiedHeaders = []string{"Cache-Control", "Content-Location", "Etag", "Expires", "Vary", "Last-Modified"}
