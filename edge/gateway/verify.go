package gateway

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// verified is the outcome of verification: the status, headers and body
// to serve, and how they were checked.
type verified struct {
	status  uint16
	headers [][2]string
	body    []byte
	// how is "v2", "v2-skip", "v1", "raw", "update": the metric label.
	how string
}

// verify checks an answer against the request that was sent (PROTOCOL.md
// §8.3–8.9). A v1 answer to the v2 request is accepted only when the
// canister has not declared support for v2 (its supported_certificate_versions
// metadata is provably absent or lists no version above 1).
func (g *gateway) verify(ctx context.Context, canister principal.Principal, req *canisterRequest, resp *canisterResponse) (*verified, *Cause) {
	hreq := httpcert.Request{Method: req.Method, URL: req.URL, Headers: toFields(req.Headers), Body: req.Body}
	hresp := httpcert.Response{StatusCode: resp.Status, Headers: toFields(resp.Headers), Body: resp.Body}
	now := g.opts.Now()
	res, err := g.verifier.Verify(hreq, hresp, canister.Bytes(), now, g.opts.MaxSkew, httpcert.MaxVerificationVersion)
	if errors.Is(err, httpcert.ErrRequestedVerificationVersionMismatch) {
		if c := g.allowV1(ctx, canister); c != nil {
			return nil, c
		}
		res, err = g.verifier.Verify(hreq, hresp, canister.Bytes(), now, g.opts.MaxSkew, httpcert.MinVerificationVersion)
	}
	if err != nil {
		return nil, newCause(CodeVerificationFailed, err, "The answer is not certified by the subnet (%s).", httpcert.ReasonOf(err).String())
	}
	switch {
	case res.Version == 1:
		if resp.Status >= 300 && resp.Status < 400 {
			return nil, newCause(CodeVerificationFailed, nil, "A v1-certified answer may not redirect: its status is not certified.")
		}
		var hs [][2]string
		for _, h := range resp.Headers {
			if !strings.EqualFold(h[0], "Cache-Control") {
				hs = append(hs, h)
			}
		}
		return &verified{resp.Status, hs, res.Body, "v1"}, nil
	case !res.Certified:
		return &verified{resp.Status, resp.Headers, resp.Body, "v2-skip"}, nil
	}
	hs := make([][2]string, len(res.Headers))
	for i, h := range res.Headers {
		hs[i] = [2]string{h.Name, h.Value}
	}
	return &verified{res.StatusCode, hs, res.Body, "v2"}, nil
}

// allowV1 decides whether the canister consents to v1 answers.
func (g *gateway) allowV1(ctx context.Context, canister principal.Principal) *Cause {
	max, err := g.versions.maxVersion(ctx, g, canister)
	switch {
	case err != nil:
		return newCause(CodeVerificationFailed, err, "The answer uses certification v1 and the canister's supported versions cannot be read.")
	case max > 1:
		return newCause(CodeVerificationFailed, nil, "The answer uses certification v1 but the canister declares support for v%d.", max)
	}
	return nil
}

// versionCache remembers each canister's highest declared certificate
// version for a few minutes, so that a v1 canister costs one read_state per
// period, not per request.
type versionCache struct {
	mu sync.Mutex
	m  map[principal.Principal]versionEntry
}

type versionEntry struct {
	max     int
	expires time.Time
}

const (
	versionTTL     = 5 * time.Minute
	versionEntries = 10_000
)

func (vc *versionCache) maxVersion(ctx context.Context, g *gateway, canister principal.Principal) (int, error) {
	now := g.opts.Now()
	vc.mu.Lock()
	e, ok := vc.m[canister]
	vc.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.max, nil
	}
	v, found, err := g.agent.CanisterMetadata(ctx, canister, "supported_certificate_versions")
	if err != nil {
		return 0, err
	}
	max := 1 // absent: a legacy canister that only knows v1
	if found {
		max = 0
		for _, s := range strings.Split(string(v), ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n <= httpcert.MaxVerificationVersion && n > max {
				max = n
			}
		}
		if max == 0 {
			max = httpcert.MaxVerificationVersion // nothing usable declared: demand the best
		}
	}
	vc.mu.Lock()
	if vc.m == nil || len(vc.m) >= versionEntries {
		vc.m = map[principal.Principal]versionEntry{}
	}
	vc.m[canister] = versionEntry{max, now.Add(versionTTL)}
	vc.mu.Unlock()
	return max, nil
}

func toFields(hs [][2]string) []httpcert.HeaderField {
	out := make([]httpcert.HeaderField, len(hs))
	for i, h := range hs {
		out[i] = httpcert.HeaderField{Name: h[0], Value: h[1]}
	}
	return out
}
