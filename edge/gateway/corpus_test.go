package gateway

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// corpusCase is one upstream answer: a request through the gateway to the
// fake site after setup has (maybe) made the upstream hostile.
type corpusCase struct {
	name   string
	target string
	setup  func(t *testing.T, s *fakeSite)
	status int    // what the client must get
	body   string // a substring of the served body; "" to skip
	how    string // the event's Verification for answers
	// policy marks refusals that are the gateway's policy beyond
	// verification (version negotiation, v1 redirects), which a bare
	// verifier does not apply.
	policy bool
}

func setHeader(name, value string) func(*testing.T, *fakeSite) {
	return func(_ *testing.T, s *fakeSite) {
		s.tamper = func(a *fakeAnswer) {
			for i := range a.Headers {
				if strings.EqualFold(a.Headers[i].Name, name) {
					a.Headers[i].Value = value
				}
			}
		}
	}
}

func dropHeader(name string) func(*testing.T, *fakeSite) {
	return func(_ *testing.T, s *fakeSite) {
		s.tamper = func(a *fakeAnswer) {
			a.Headers = slicesDeleteFunc(a.Headers, func(h httpcert.HeaderField) bool { return strings.EqualFold(h.Name, name) })
		}
	}
}

func slicesDeleteFunc(hs []httpcert.HeaderField, del func(httpcert.HeaderField) bool) []httpcert.HeaderField {
	var out []httpcert.HeaderField
	for _, h := range hs {
		if !del(h) {
			out = append(out, h)
		}
	}
	return out
}

// theCorpus is the hostile corpus plus the untouched answers.
func theCorpus() []corpusCase {
	return []corpusCase{
		// Untouched: served.
		{"untouched/v2 response-only", "/", nil, 200, "<h1>home</h1>", "v2", false},
		{"untouched/v2 request certification", "/req?lang=en", nil, 200, "english", "v2", false},
		{"untouched/v2 all headers but date", "/excl", nil, 200, "all headers", "v2", false},
		{"untouched/v2 streamed in three chunks", "/big", nil, 200, "aaab", "v2", false},
		{"untouched/v2 wildcard 404", "/missing", nil, 404, "not found", "v2", false},
		{"untouched/v2 skip certification", "/skip", nil, 200, "live data", "v2-skip", false},
		{"untouched/v1 legacy canister", "/v1.css", nil, 200, "teal", "v1", false},
		{"untouched/v1 canister declaring only v1", "/v1.css", func(_ *testing.T, s *fakeSite) { s.net.metadata = []byte("1") }, 200, "teal", "v1", false},

		// Hostile: 503.
		{"changed body", "/", func(_ *testing.T, s *fakeSite) {
			s.tamper = func(a *fakeAnswer) { a.Body = []byte("<h1>phish</h1>") }
		}, 503, "", "", false},
		{"changed status", "/", func(_ *testing.T, s *fakeSite) { s.tamper = func(a *fakeAnswer) { a.Status = 302 } }, 503, "", "", false},
		{"changed certified header", "/", setHeader("Content-Type", "text/plain"), 503, "", "", false},
		{"extra certified header (exclusion list)", "/excl", func(_ *testing.T, s *fakeSite) {
			s.tamper = func(a *fakeAnswer) {
				a.Headers = append(a.Headers, httpcert.HeaderField{Name: "Set-Cookie", Value: "session=stolen"})
			}
		}, 503, "", "", false},
		{"repeated certified header", "/", func(_ *testing.T, s *fakeSite) {
			s.tamper = func(a *fakeAnswer) {
				a.Headers = append(a.Headers, httpcert.HeaderField{Name: "content-type", Value: "text/javascript"})
			}
		}, 503, "", "", false},
		{"request for another query parameter", "/req?lang=fr", nil, 503, "", "", false},
		{"certificate for another canister", "/", func(_ *testing.T, s *fakeSite) {
			s.certOpts.canister = principal.CanisterID(0x20_0008)
		}, 503, "", "", false},
		{"stale certificate time", "/", func(_ *testing.T, s *fakeSite) { s.certOpts.time = time.Now().Add(-10 * time.Minute) }, 503, "", "", false},
		{"certificate from the future", "/", func(_ *testing.T, s *fakeSite) { s.certOpts.time = time.Now().Add(10 * time.Minute) }, 503, "", "", false},
		{"wrong root key", "/", func(t *testing.T, s *fakeSite) {
			other, err := bls.GenerateKey(rand.Reader)
			must(t, err)
			s.certOpts.delegation, err = certify.NewDelegation(s.net.subnetID, s.net.subnetSK.PublicKey().DER(), s.net.ranges,
				uint64(time.Now().UnixNano()), signer(other))
			must(t, err)
		}, 503, "", "", false},
		{"subnet signs without delegation", "/", func(_ *testing.T, s *fakeSite) { s.certOpts.noDeleg = true }, 503, "", "", false},
		{"delegation ranges miss the canister", "/", func(t *testing.T, s *fakeSite) {
			var err error
			s.certOpts.delegation, err = certify.NewDelegation(s.net.subnetID, s.net.subnetSK.PublicKey().DER(),
				certify.Ranges{{Low: principal.CanisterID(0x30_0000).Bytes(), High: principal.CanisterID(0x3f_ffff).Bytes()}},
				uint64(time.Now().UnixNano()), signer(s.net.rootSK))
			must(t, err)
		}, 503, "", "", false},
		{"missing IC-Certificate", "/", dropHeader("IC-Certificate"), 503, "", "", false},
		{"missing IC-CertificateExpression", "/", dropHeader("IC-CertificateExpression"), 503, "", "", false},
		{"malformed CEL", "/", setHeader("IC-CertificateExpression", "default_certification(ValidationArgs{no_certification:Empty{}}"), 503, "", "", false},
		{"skip expression on a certified path", "/", setHeader("IC-CertificateExpression", httpcert.SkipCertification().String()), 503, "", "", false},
		{"tree does not match certified_data", "/", func(_ *testing.T, s *fakeSite) { s.certifiedData = bytes.Repeat([]byte{7}, 32) }, 503, "", "", false},
		{"v1 answer to v2 request without consent", "/v1.css", func(_ *testing.T, s *fakeSite) { s.net.metadata = []byte("1,2") }, 503, "", "", true},
		{"v1 answer when the versions cannot be read", "/v1.css", func(_ *testing.T, s *fakeSite) { s.net.failReadState = true }, 503, "", "", true},
		{"v1 answer with a changed body", "/v1.css", func(_ *testing.T, s *fakeSite) {
			s.tamper = func(a *fakeAnswer) { a.Body = []byte("body { color: red }") }
		}, 503, "", "", false},
		{"v1 answer redirecting", "/v1.css", func(_ *testing.T, s *fakeSite) { s.tamper = func(a *fakeAnswer) { a.Status = 301 } }, 503, "", "", true},
		{"altered streaming chunk", "/big", func(_ *testing.T, s *fakeSite) {
			s.tamperChunk = func(i int, c []byte) ([]byte, bool) {
				if i == 2 {
					c[0] = 'X'
				}
				return c, true
			}
		}, 503, "", "", false},
		{"truncated stream", "/big", func(_ *testing.T, s *fakeSite) {
			s.tamperChunk = func(i int, c []byte) ([]byte, bool) { return c, i < 1 }
		}, 503, "", "", false},
	}
}

// TestHostileUpstream is the corpus: every hostile answer gives
// 503 without its body, every untouched one is served.
func TestHostileUpstream(t *testing.T) {
	for _, tc := range theCorpus() {
		t.Run(tc.name, func(t *testing.T) {
			n := fakeNet(t)
			s := newFakeSite(t, n)
			if tc.setup != nil {
				tc.setup(t, s)
			}
			h, ev := newGateway(t, "", n.rootKey(), func(o *Options) { o.Agent = n.agent(t) })
			r := get(h, "GET", fakeCanister.String()+".icp0.io", tc.target)
			if r.Code != tc.status {
				t.Fatalf("status %d, want %d; body %q", r.Code, tc.status, r.body)
			}
			e := ev.last(t)
			if tc.status == 503 {
				d := errorBody(t, r)
				if d.Code != CodeVerificationFailed || e.Cause != CodeVerificationFailed {
					t.Fatalf("cause %q, event %+v", d.Code, e)
				}
				if r.Header().Get(HeaderCacheable) != "" || r.Header().Get(HeaderUpstreamFailure) != "" {
					t.Errorf("headers %v", r.Header())
				}
				t.Logf("refused: %s", d.Detail)
				return
			}
			if !strings.Contains(r.body, tc.body) || e.Verification != tc.how || r.Header().Get(HeaderCacheable) != "1" {
				t.Fatalf("body %q, event %+v, headers %v", r.body, e, r.Header())
			}
		})
	}
}

// TestVerifiedHeaders: a v2 answer carries only its certified headers and
// IC-Certificate; a v1 answer everything but Cache-Control.
func TestVerifiedHeaders(t *testing.T) {
	n := fakeNet(t)
	newFakeSite(t, n)
	h, _ := newGateway(t, "", n.rootKey(), func(o *Options) { o.Agent = n.agent(t) })
	host := fakeCanister.String() + ".icp0.io"
	r := get(h, "GET", host, "/")
	if r.Header().Get("Content-Type") != "text/html" || r.Header().Get("Date") != "" ||
		r.Header().Get("Ic-Certificate") == "" || r.Header().Get("Ic-Certificateexpression") != respOnly.String() {
		t.Errorf("v2 headers %v", r.Header())
	}
	r = get(h, "GET", host, "/v1.css")
	if r.Header().Get("Content-Type") != "text/css" || r.Header().Get("Cache-Control") != "" {
		t.Errorf("v1 headers %v", r.Header())
	}
}

// TestCanisterCannotSetEdgeHeaders: X-Edge-* and hop-by-hop headers of a
// raw answer are dropped.
func TestCanisterCannotSetEdgeHeaders(t *testing.T) {
	n := fakeNet(t)
	s := newFakeSite(t, n)
	s.tamper = func(a *fakeAnswer) {
		a.Headers = append(a.Headers, httpcert.HeaderField{Name: "X-Edge-Cacheable", Value: "1"},
			httpcert.HeaderField{Name: "x-edge-canister", Value: "aaaaa-aa"}, httpcert.HeaderField{Name: "Connection", Value: "close"},
			httpcert.HeaderField{Name: "Transfer-Encoding", Value: "chunked"}, httpcert.HeaderField{Name: "Bad\nName", Value: "x"})
	}
	rs, err := newResolverWithRaw()
	must(t, err)
	h, _ := newGateway(t, "", n.rootKey(), func(o *Options) { o.Agent = n.agent(t); o.Resolver = rs })
	r := get(h, "POST", fakeCanister.String()+".raw.icp0.io", "/")
	if r.Code != 200 || r.Header().Get(HeaderCacheable) != "" || r.Header().Get(HeaderCanister) != fakeCanister.String() ||
		r.Header().Get("Connection") != "" || r.Header().Get("Transfer-Encoding") != "" {
		t.Fatalf("%d %v", r.Code, r.Header())
	}
}
