package store

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/threshold-ic/threshold/assets/wire"
	"github.com/threshold-ic/threshold/certify/httpcert"
)

// httpRequest answers the gateway (PROTOCOL.md §8.1). It hashes no
// content: every hash it needs was computed when the asset was stored,
// and an exact path's v2 witness when the tree last changed; a
// fallback's witness (which depends on the request) and v1 witnesses are
// cut here.
func (s *Store) httpRequest(env Env, req *wire.HTTPRequest) (wire.HTTPResponse, error) {
	// Methods are case-sensitive (RFC 9110 §9.1), but GET is taken in
	// any case: @dfinity/assets asks for "get" (its isCertified check),
	// and DFINITY's canister answers it. A GET answer certifies no method.
	head := req.Method == "HEAD"
	if !strings.EqualFold(req.Method, "GET") && !head {
		return methodNotAllowed(), nil
	}
	rawPath, err := httpcert.RequestPath(req.URL)
	if err != nil {
		return wire.HTTPResponse{}, fmt.Errorf("%w: %v", ErrInvalidArgument, err)
	}
	cert := env.DataCertificate()
	if cert == nil {
		return wire.HTTPResponse{}, ErrNoCertificate
	}
	segs := segments(rawPath)
	c := &s.cert
	r, exact, depth := c.routes.lookup(segs)
	a := r.target
	if !a.rawAllowed() {
		if host, ok := rawHost(req.Headers); ok {
			return redirect(host, req.URL), nil
		}
	}

	// A HEAD with a body cannot match the HEAD certification's request
	// hash; it gets the full GET answer, which is certified.
	headOnly := head && len(req.Body) == 0
	wantV2 := req.CertificateVersion != nil && *req.CertificateVersion >= 2
	if !wantV2 && !headOnly && s.v1Answers(r, exact, depth, rawPath) {
		if rp := a.cert.choose(req.Headers, true); rp != nil {
			w := c.v1Witness(rawPath)
			if !exact {
				w = c.fallbackWitness(r, segs, depth, rawPath, true)
			}
			tree := base64.StdEncoding.EncodeToString(httpcert.EncodeTree(w))
			return answer(env, a, rp, a.cert.status, exprGetText, certHeader(cert, tree, "", false), false), nil
		}
	}

	rp := a.cert.choose(req.Headers, false)
	status, expr, bodyless := a.cert.status, exprGetText, false
	switch {
	case headOnly:
		expr, bodyless = exprHeadText, true
	case !head && len(req.Body) == 0 && rp.etag != "" && ifNoneMatch(req.Headers) == rp.etag:
		status, expr, bodyless = 304, exprNotModifiedText, true
	}
	tree, exprPath := r.treeB64, r.exprPathB64
	if !exact {
		tree = base64.StdEncoding.EncodeToString(httpcert.EncodeTree(c.fallbackWitness(r, segs, depth, rawPath, false)))
	}
	return answer(env, a, rp, status, expr, certHeader(cert, tree, exprPath, true), bodyless), nil
}

// v1Answers reports whether a v1 verifier can check the answer of route r
// (PROTOCOL.md §8.8): an exact route under the request's own path, or the
// root fallback, which v1 verifiers look up as "/index.html". Other
// answers are given with v2 certification even to a v1 request.
func (s *Store) v1Answers(r *route, exact bool, depth int, rawPath string) bool {
	if exact {
		return rawPath == r.path
	}
	if depth != 0 || r.target.cert.status != 200 {
		return false
	}
	idx := s.cert.routes.exact["/index.html"]
	return idx != nil && idx.target == r.target
}

// answer assembles a response in the encoding rp.
func answer(env Env, a *asset, rp *rep, status uint16, expr, certificate string, bodyless bool) wire.HTTPResponse {
	hs := make([]wire.HeaderField, len(rp.headers), len(rp.headers)+2)
	copy(hs, rp.headers)
	hs = append(hs,
		wire.HeaderField{Name: httpcert.CertificateExpressionHeaderName, Value: expr},
		wire.HeaderField{Name: httpcert.CertificateHeaderName, Value: certificate})
	resp := wire.HTTPResponse{StatusCode: status, Headers: hs, Body: []byte{}}
	if bodyless {
		return resp
	}
	resp.Body = rp.enc.chunks[0]
	if len(rp.enc.chunks) > 1 {
		resp.StreamingToken = &wire.StreamingCallbackToken{Key: a.key, ContentEncoding: rp.name, Index: 1, SHA256: rp.enc.sha256[:]}
		resp.Callback = env.CanisterID()
	}
	return resp
}

// certHeader formats the IC-Certificate header (PROTOCOL.md §8.4) from
// the data certificate and the precomputed base64 of the witness and the
// expression path.
func certHeader(cert []byte, tree, exprPath string, v2 bool) string {
	var b strings.Builder
	b.Grow(48 + base64.StdEncoding.EncodedLen(len(cert)) + len(tree) + len(exprPath))
	b.WriteString("certificate=:")
	enc := base64.NewEncoder(base64.StdEncoding, &b)
	enc.Write(cert)
	enc.Close()
	b.WriteString(":, tree=:")
	b.WriteString(tree)
	b.WriteByte(':')
	if v2 {
		b.WriteString(", expr_path=:")
		b.WriteString(exprPath)
		b.WriteString(":, version=2")
	}
	return b.String()
}

// choose picks the encoding to answer in: the first of the asset's
// encodings in preference order (br, gzip, deflate, identity, others) that
// the request's Accept-Encoding accepts; if it accepts none, identity, or
// else the most preferred encoding. v1only restricts the choice to
// encodings a v1 verifier can check (nil if there is none).
func (c *assetCert) choose(hs []wire.HeaderField, v1only bool) *rep {
	var fallback *rep
	for _, n := range c.order {
		r := c.reps[n]
		if v1only && !r.v1 {
			continue
		}
		if accepts(hs, n) {
			return r
		}
		if fallback == nil || n == "identity" {
			fallback = r
		}
	}
	return fallback
}

// accepts reports whether the Accept-Encoding headers accept enc: an
// entry naming it decides, else a "*" entry; without either only identity
// is acceptable. An entry with q=0 refuses.
func accepts(hs []wire.HeaderField, enc string) bool {
	found, ok, star, starOK := false, false, false, false
	for _, h := range hs {
		if !strings.EqualFold(h.Name, "accept-encoding") {
			continue
		}
		v := h.Value
		for v != "" {
			var tok string
			tok, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(tok, ";")
			name = strings.TrimSpace(name)
			switch {
			case strings.EqualFold(name, enc):
				found, ok = true, qPositive(params)
			case name == "*":
				star, starOK = true, qPositive(params)
			}
		}
	}
	switch {
	case found:
		return ok
	case star:
		return starOK
	}
	return enc == "identity"
}

// qPositive reports whether the parameters of an Accept-Encoding entry
// leave its weight above zero; a malformed weight counts as 1.
func qPositive(params string) bool {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return err != nil || q > 0
	}
	return true
}

// ifNoneMatch returns the request's If-None-Match, or "" unless there is
// exactly one: the 304's request certification covers the header as is.
func ifNoneMatch(hs []wire.HeaderField) string {
	v, n := "", 0
	for _, h := range hs {
		if strings.EqualFold(h.Name, "if-none-match") {
			v, n = h.Value, n+1
		}
	}
	if n != 1 {
		return ""
	}
	return v
}

// rawHost returns the request's Host if it is a raw domain
// (<id>.raw.<apex>).
func rawHost(hs []wire.HeaderField) (string, bool) {
	for _, h := range hs {
		if strings.EqualFold(h.Name, "host") && strings.Contains(h.Value, ".raw.") {
			return h.Value, true
		}
	}
	return "", false
}

// redirect sends a raw-domain request to the certified domain (308, as
// DFINITY's asset canister does); raw answers are not verified.
func redirect(host, url string) wire.HTTPResponse {
	host = strings.Replace(host, ".raw.", ".", 1)
	scheme := "https://"
	if name, _, _ := strings.Cut(host, ":"); name == "localhost" || strings.HasSuffix(name, ".localhost") {
		scheme = "http://"
	}
	if !strings.HasPrefix(url, "/") {
		url = "/" + url
	}
	return wire.HTTPResponse{StatusCode: 308, Headers: []wire.HeaderField{{Name: "location", Value: scheme + host + url}}, Body: []byte{}}
}

func methodNotAllowed() wire.HTTPResponse {
	return wire.HTTPResponse{StatusCode: 405,
		Headers: []wire.HeaderField{{Name: "allow", Value: "GET, HEAD"}, {Name: "content-type", Value: "text/plain; charset=utf-8"}},
		Body:    []byte("405 Method Not Allowed\n")}
}

// streamingCallback returns chunk token.Index of the token's encoding and
// the token of the next one (none after the last).
func (s *Store) streamingCallback(tok *wire.StreamingCallbackToken) (*wire.StreamingCallbackHTTPResponse, error) {
	a, ok := s.st.assets[tok.Key]
	if !ok {
		return nil, fmt.Errorf("%w: streaming token for asset %q", ErrNotFound, tok.Key)
	}
	e, ok := a.encodings[tok.ContentEncoding]
	if !ok {
		return nil, fmt.Errorf("%w: streaming token for encoding %q of %q", ErrNotFound, tok.ContentEncoding, tok.Key)
	}
	if tok.SHA256 == nil || string(tok.SHA256) != string(e.sha256[:]) {
		return nil, fmt.Errorf("%w: streaming token for %q (%s) does not name its current content", ErrSHA256Mismatch, tok.Key, tok.ContentEncoding)
	}
	if tok.Index >= uint64(len(e.chunks)) {
		return nil, fmt.Errorf("%w: chunk %d of %q (%s), which has %d", ErrNotFound, tok.Index, tok.Key, tok.ContentEncoding, len(e.chunks))
	}
	out := &wire.StreamingCallbackHTTPResponse{Body: e.chunks[tok.Index]}
	if next := tok.Index + 1; next < uint64(len(e.chunks)) {
		out.Token = &wire.StreamingCallbackToken{Key: tok.Key, ContentEncoding: tok.ContentEncoding, Index: next, SHA256: e.sha256[:]}
	}
	return out, nil
}
