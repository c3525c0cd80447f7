package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/threshold-ic/threshold/assets/wire"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/httpcert"
)

// The three certifications of an answer (PROTOCOL.md §8.6). All certify
// every response header the canister sends (an empty exclusion list),
// the status code and the body.
//
//   - exprGet: a GET answer, response only; the body hash covers the whole
//     encoding, also when it is streamed.
//   - exprHead: a HEAD answer (no body). The request's method is
//     certified, so that no GET can be answered with an empty body.
//   - exprNotModified: a 304 to a GET whose If-None-Match is the etag;
//     method and If-None-Match are certified, so that no other request
//     can be answered with a 304.
var (
	exprGet         = httpcert.ResponseOnly(httpcert.ExcludedHeaders())
	exprHead        = httpcert.FullCertification(httpcert.RequestCertification{}, httpcert.ExcludedHeaders())
	exprNotModified = httpcert.FullCertification(
		httpcert.RequestCertification{Headers: []string{"If-None-Match"}}, httpcert.ExcludedHeaders())

	exprGetText, exprHeadText, exprNotModifiedText = exprGet.String(), exprHead.String(), exprNotModified.String()
	exprGetHash, exprHeadHash, exprNotModifiedHash = exprGet.Hash(), exprHead.Hash(), exprNotModified.Hash()

	// headRequestHash is the request hash of every HEAD request with an
	// empty body under exprHead (the URL does not matter: no query
	// parameter is certified).
	headRequestHash = mustRequestHash(httpcert.Request{Method: "HEAD", URL: "/"}, *exprHead.Request)

	emptyBodyHash = sha256.Sum256(nil)
)

func mustRequestHash(r httpcert.Request, rc httpcert.RequestCertification) httpcert.Hash {
	h, err := httpcert.RequestHash(r, rc)
	if err != nil {
		panic("store: request hash of a fixed request: " + err.Error())
	}
	return h
}

// assetCert is what answering for an asset needs, computed once when the
// asset is stored: per encoding the response headers and etag, the
// certification leaves of all its answers, and its v1 hash.
type assetCert struct {
	status uint16
	order  []string // encodings, preferred first
	reps   map[string]*rep
	// leaves is the subtree under an expression path's terminator:
	// expr_hash / (request_hash | "") / response_hash -> "".
	leaves *hashtree.Full
	// v1 is the http_assets value: SHA-256 of the identity encoding, or
	// of the first one in preference order if there is none.
	v1 [32]byte
}

// rep is one encoding's answer.
type rep struct {
	name    string
	enc     *encoding
	etag    string // quoted hex SHA-256; "" for the 404 answer
	headers []wire.HeaderField
	// v1 reports whether a v1 verifier can check this encoding against
	// assetCert.v1: its own hash is v1, or it is gzip or deflate (which
	// the verifier decodes) of an asset with an identity encoding.
	v1 bool
}

// reservedHeaders are header names an asset's custom headers cannot set:
// the canister's own content-encoding and etag, and the certification
// headers.
var reservedHeaders = []string{"content-encoding", "etag", "ic-certificate", "ic-certificateexpression"}

// seal computes a's certification data and returns a.
func seal(a *asset) *asset {
	a.cert = certifyAsset(a, 200)
	return a
}

func certifyAsset(a *asset, status uint16) *assetCert {
	c := &assetCert{status: status, order: a.sortedEncodings(), reps: make(map[string]*rep, len(a.encodings))}
	if id, ok := a.encodings["identity"]; ok {
		c.v1 = id.sha256
	} else if len(c.order) > 0 {
		c.v1 = a.encodings[c.order[0]].sha256
	}
	var b hashtree.Builder
	for _, name := range c.order {
		e := a.encodings[name]
		r := &rep{name: name, enc: e}
		_, hasIdentity := a.encodings["identity"]
		r.v1 = e.sha256 == c.v1 || hasIdentity && (name == "gzip" || name == "deflate")
		if status == 200 {
			r.etag = `"` + hex.EncodeToString(e.sha256[:]) + `"`
		}
		r.headers = responseHeaders(a, r, len(a.encodings) > 1)
		c.reps[name] = r
		insertLeaf(&b, exprGetHash, nil, response(status, r.headers, exprGetText), e.sha256)
		insertLeaf(&b, exprHeadHash, &headRequestHash, response(status, r.headers, exprHeadText), emptyBodyHash)
		if r.etag != "" {
			req := httpcert.Request{Method: "GET", URL: "/", Headers: []httpcert.HeaderField{{Name: "If-None-Match", Value: r.etag}}}
			rh := mustRequestHash(req, *exprNotModified.Request)
			insertLeaf(&b, exprNotModifiedHash, &rh, response(304, r.headers, exprNotModifiedText), emptyBodyHash)
		}
	}
	c.leaves = b.Build()
	return c
}

func response(status uint16, headers []wire.HeaderField, expr string) httpcert.Response {
	hs := make([]httpcert.HeaderField, 0, len(headers)+1)
	for _, h := range headers {
		hs = append(hs, httpcert.HeaderField(h))
	}
	hs = append(hs, httpcert.HeaderField{Name: httpcert.CertificateExpressionHeaderName, Value: expr})
	return httpcert.Response{StatusCode: status, Headers: hs}
}

func insertLeaf(b *hashtree.Builder, expr httpcert.Hash, req *httpcert.Hash, resp httpcert.Response, bodyHash [32]byte) {
	rh := httpcert.ResponseHashWithBodyHash(resp, httpcert.ExcludedHeaders(), bodyHash)
	reqLabel := []byte{}
	if req != nil {
		reqLabel = req[:]
	}
	// The labels are distinct hashes under distinct expressions, so no
	// leaf and subtree collide.
	if err := b.Insert([][]byte{expr[:], reqLabel, rh[:]}, nil); err != nil {
		panic("store: certification leaf: " + err.Error())
	}
}

// responseHeaders lists the headers of an answer in the encoding r:
// content-type, content-encoding (unless identity), cache-control (from
// max_age), etag, vary (when there is more than one encoding) and the
// asset's custom headers, which replace a built-in header of the same
// name except the reserved ones.
func responseHeaders(a *asset, r *rep, vary bool) []wire.HeaderField {
	var custom []wire.HeaderField
	if a.headers != nil {
		for _, h := range *a.headers {
			if !containsFold(reservedHeaders, h.Name) {
				custom = append(custom, h)
			}
		}
	}
	hs := make([]wire.HeaderField, 0, 5+len(custom))
	add := func(name, value string) {
		for _, h := range custom {
			if strings.EqualFold(h.Name, name) {
				return
			}
		}
		hs = append(hs, wire.HeaderField{Name: name, Value: value})
	}
	add("content-type", a.contentType)
	if r.name != "identity" {
		hs = append(hs, wire.HeaderField{Name: "content-encoding", Value: r.name})
	}
	if a.maxAge != nil {
		add("cache-control", "max-age="+strconv.FormatUint(*a.maxAge, 10))
	}
	if r.etag != "" {
		hs = append(hs, wire.HeaderField{Name: "etag", Value: r.etag})
	}
	if vary {
		add("vary", "accept-encoding")
	}
	return append(hs, custom...)
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// notFoundBody is the body of the certified 404.
const notFoundBody = "404 Not Found: no asset at this path and no index.html above it\n"

// notFoundAsset is the answer for a path with no asset and no fallback.
var notFoundAsset = func() *asset {
	body := []byte(notFoundBody)
	a := &asset{key: "", contentType: "text/plain; charset=utf-8",
		encodings: map[string]*encoding{"identity": {chunks: [][]byte{body}, total: uint64(len(body)), sha256: sha256.Sum256(body)}}}
	a.cert = certifyAsset(a, 404)
	return a
}()
