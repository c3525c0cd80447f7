package gateway

import (
	"errors"
	"io"
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"
)

// hopByHop are the connection-level headers that never cross a proxy
// (RFC 9110 §7.6.1), plus Content-Length, which the gateway sets itself.
var hopByHop = map[string]bool{
	"Connection": true, "Keep-Alive": true, "Proxy-Connection": true, "Te": true, "Trailer": true,
	"Transfer-Encoding": true, "Upgrade": true, "Proxy-Authenticate": true, "Proxy-Authorization": true,
}

// buildRequest turns the client's request into the canister's HttpRequest
// (PROTOCOL.md §8.1): the method (HEAD asked as GET, so that HEAD answers
// what GET would), the request target as received (path and query, no
// scheme or host), every end-to-end header with Host first, "identity"
// added to Accept-Encoding as ic-http-gateway does, and the body up to
// MaxRequestBody.
func (g *gateway) buildRequest(w http.ResponseWriter, r *http.Request) (*canisterRequest, *Cause) {
	method := r.Method
	switch method {
	case http.MethodHead:
		method = http.MethodGet
	case http.MethodConnect, http.MethodTrace:
		return nil, newCause(CodeMethodNotAllowed, nil, "%s is not served by the HTTP gateway.", method)
	}
	target := r.RequestURI
	if !strings.HasPrefix(target, "/") {
		target = r.URL.EscapedPath()
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
	}
	if !utf8.ValidString(target) {
		return nil, newCause(CodeBadRequest, nil, "The request target is not valid UTF-8.")
	}
	headers, c := requestHeaders(r)
	if c != nil {
		return nil, c
	}
	body, c := g.readBody(w, r)
	if c != nil {
		return nil, c
	}
	return &canisterRequest{Method: method, URL: target, Headers: headers, Body: body}, nil
}

func requestHeaders(r *http.Request) ([][2]string, *Cause) {
	drop := connectionTokens(r.Header)
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		if !hopByHop[name] && !drop[name] && name != "Host" {
			names = append(names, name)
		}
	}
	sort.Strings(names) // a stable order: the request hash may cover repeated headers
	out := make([][2]string, 0, len(names)+1)
	out = append(out, [2]string{"Host", r.Host})
	for _, name := range names {
		vals := r.Header[name]
		if name == "Accept-Encoding" {
			vals = []string{withIdentity(vals)}
		}
		for _, v := range vals {
			if !utf8.ValidString(v) {
				return nil, newCause(CodeBadRequest, nil, "The value of header %s is not valid UTF-8.", name)
			}
			out = append(out, [2]string{name, v})
		}
	}
	return out, nil
}

// connectionTokens returns the headers that the Connection header names.
func connectionTokens(h http.Header) map[string]bool {
	var m map[string]bool
	for _, v := range h.Values("Connection") {
		for _, tok := range strings.Split(v, ",") {
			if tok = strings.TrimSpace(tok); tok != "" {
				if m == nil {
					m = map[string]bool{}
				}
				m[http.CanonicalHeaderKey(tok)] = true
			}
		}
	}
	return m
}

// withIdentity joins Accept-Encoding values and adds "identity" unless
// present, so that a canister never believes the client refuses an
// unencoded body.
func withIdentity(vals []string) string {
	var encs []string
	has := false
	for _, v := range vals {
		for _, e := range strings.Split(v, ",") {
			if e = strings.TrimSpace(e); e != "" {
				encs = append(encs, e)
				name, _, _ := strings.Cut(e, ";")
				has = has || strings.EqualFold(strings.TrimSpace(name), "identity")
			}
		}
	}
	if !has {
		encs = append(encs, "identity")
	}
	return strings.Join(encs, ", ")
}

// readBody reads the request body, refusing bodies over MaxRequestBody.
func (g *gateway) readBody(w http.ResponseWriter, r *http.Request) ([]byte, *Cause) {
	if r.ContentLength > g.opts.MaxRequestBody {
		return nil, newCause(CodeRequestTooLarge, nil, "The request body is larger than %d bytes.", g.opts.MaxRequestBody)
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, g.opts.MaxRequestBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, newCause(CodeRequestTooLarge, err, "The request body is larger than %d bytes.", g.opts.MaxRequestBody)
	case err != nil:
		return nil, newCause(CodeBadRequest, err, "The request body could not be read.")
	}
	return b, nil
}
