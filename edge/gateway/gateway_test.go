package gateway

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/edge/resolve"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// events records what the gateway observed.
type events struct {
	mu sync.Mutex
	ev []Event
}

func (e *events) Observe(ev Event) {
	e.mu.Lock()
	e.ev = append(e.ev, ev)
	e.mu.Unlock()
}

func (e *events) last(t testing.TB) Event {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.ev) == 0 {
		t.Fatal("no event")
	}
	return e.ev[len(e.ev)-1]
}

func testResolver(t testing.TB) *resolve.Resolver {
	t.Helper()
	r, err := resolve.New(resolve.Config{
		Apexes:          []resolve.Apex{{Name: "localhost", Raw: true}, {Name: "icp0.io"}},
		QueryCanisterID: true,
	})
	must(t, err)
	return r
}

func newGateway(t testing.TB, url string, rootKey []byte, edit ...func(*Options)) (http.Handler, *events) {
	t.Helper()
	ev := &events{}
	o := Options{Resolver: testResolver(t), URL: url, RootKey: rootKey, Metrics: ev}
	for _, f := range edit {
		f(&o)
	}
	h, err := New(o)
	must(t, err)
	return h, ev
}

type result struct {
	*httptest.ResponseRecorder
	body string
}

func get(h http.Handler, method, host, target string, header ...string) result {
	req := httptest.NewRequest(method, target, nil)
	req.Host = host
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return result{rec, rec.Body.String()}
}

// errorBody decodes a JSON error page.
func errorBody(t testing.TB, r result) pageData {
	t.Helper()
	var d pageData
	if err := json.Unmarshal([]byte(r.body), &d); err != nil {
		t.Fatalf("error body %q: %v", r.body, err)
	}
	return d
}

// TestRealReplica runs the gateway against a real in-process replica with
// the Motoko http canister, which does not certify its pages: the raw name
// serves them, the verified name refuses them with 503.
func TestRealReplica(t *testing.T) {
	rep := startReplica(t)
	id := rep.install(t, "http")
	h, ev := newGateway(t, rep.url, rep.rootKey)
	raw := id.String() + ".raw.localhost"

	t.Run("raw serves the page", func(t *testing.T) {
		r := get(h, "GET", raw, "/hello?x=1")
		if r.Code != 200 || !strings.Contains(r.body, "Hello from /hello?x=1") {
			t.Fatalf("%d %q", r.Code, r.body)
		}
		if r.Header().Get(HeaderCanister) != id.String() || r.Header().Get(HeaderCacheable) != "1" {
			t.Errorf("edge headers %v", r.Header())
		}
		if r.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("content-type %q", r.Header().Get("Content-Type"))
		}
		if e := ev.last(t); e.Verification != "raw" || e.Canister != id || e.Domain != "raw" {
			t.Errorf("event %+v", e)
		}
	})
	t.Run("HEAD is a GET without body", func(t *testing.T) {
		r := get(h, "HEAD", raw, "/")
		if r.Code != 200 || r.body != "" || r.Header().Get("Content-Length") == "0" {
			t.Fatalf("%d %q %v", r.Code, r.body, r.Header())
		}
	})
	t.Run("verified name refuses the uncertified page", func(t *testing.T) {
		r := get(h, "GET", id.String()+".localhost", "/")
		if r.Code != 503 || strings.Contains(r.body, "Hello") {
			t.Fatalf("%d %q", r.Code, r.body)
		}
		if d := errorBody(t, r); d.Code != CodeVerificationFailed || !strings.Contains(d.Detail, "HeaderMissingCertification") {
			t.Errorf("page %+v", d)
		}
		if r.Header().Get(HeaderUpstreamFailure) != "" || r.Header().Get(HeaderCacheable) != "" {
			t.Errorf("headers %v", r.Header())
		}
		if e := ev.last(t); e.Cause != CodeVerificationFailed || e.Reason != "HeaderMissingCertification" {
			t.Errorf("event %+v", e)
		}
	})
	t.Run("browsers get HTML", func(t *testing.T) {
		r := get(h, "GET", id.String()+".localhost", "/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
		if r.Code != 503 || !strings.HasPrefix(r.body, "<!doctype html>") || !strings.Contains(r.body, "Response verification failed") {
			t.Fatalf("%d %q", r.Code, r.body)
		}
	})
	t.Run("upgrade to an update call", func(t *testing.T) {
		r := get(h, "POST", id.String()+".localhost", "/update")
		if r.Code != 200 || !strings.HasPrefix(r.body, "hits: ") {
			t.Fatalf("%d %q", r.Code, r.body)
		}
		if r.Header().Get(HeaderCacheable) != "" {
			t.Error("an upgraded answer is marked cacheable")
		}
		if e := ev.last(t); !e.Upgraded || e.Verification != "update" {
			t.Errorf("event %+v", e)
		}
	})
	t.Run("query parameter on the apex", func(t *testing.T) {
		r := get(h, "GET", "raw.localhost:8080", "/?canisterId="+id.String())
		if r.Code != 200 || !strings.Contains(r.body, "Hello") {
			t.Fatalf("%d %q", r.Code, r.body)
		}
	})
	t.Run("canister not found", func(t *testing.T) {
		r := get(h, "GET", principal.CanisterID(0xfff0).String()+".raw.localhost", "/")
		if r.Code != 404 || errorBody(t, r).Code != CodeCanisterNotFound {
			t.Fatalf("%d %q", r.Code, r.body)
		}
	})
	t.Run("request body too large", func(t *testing.T) {
		h, _ := newGateway(t, rep.url, rep.rootKey, func(o *Options) { o.MaxRequestBody = 8 })
		req := httptest.NewRequest("POST", "/", strings.NewReader("0123456789"))
		req.Host = raw
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 413 {
			t.Fatalf("%d %q", rec.Code, rec.Body)
		}
	})
	t.Run("stopped canister", func(t *testing.T) {
		stopped := rep.install(t, "http")
		must(t, rep.admin.StopCanister(t.Context(), stopped))
		r := get(h, "GET", stopped.String()+".raw.localhost", "/")
		if r.Code != 503 || errorBody(t, r).Code != CodeCanisterStopped || r.Header().Get(HeaderUpstreamFailure) != "" {
			t.Fatalf("%d %q %v", r.Code, r.body, r.Header())
		}
	})
	t.Run("method missing", func(t *testing.T) {
		greet := rep.install(t, "greet")
		r := get(h, "GET", greet.String()+".raw.localhost", "/")
		if r.Code != 502 || errorBody(t, r).Code != CodeCanisterReject {
			t.Fatalf("%d %q", r.Code, r.body)
		}
	})
}

// TestUpstreamDown: no replica answers -> 503 with X-Edge-Upstream-Failure.
func TestUpstreamDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	rep := fakeNet(t)
	h, _ := newGateway(t, url, rep.rootKey())
	r := get(h, "GET", principal.CanisterID(1).String()+".localhost", "/")
	if r.Code != 503 || r.Header().Get(HeaderUpstreamFailure) != "1" || errorBody(t, r).Code != CodeUpstreamUnavailable {
		t.Fatalf("%d %q %v", r.Code, r.body, r.Header())
	}
}

// TestResolveErrors: each resolution failure has its own page and status.
func TestResolveErrors(t *testing.T) {
	rep := fakeNet(t)
	h, _ := newGateway(t, "http://127.0.0.1:1", rep.rootKey())
	for _, tt := range []struct {
		host   string
		status int
		code   string
	}{
		{"example.org", 404, CodeUnknownDomain},
		{"www.icp0.io", 400, CodeMalformedCanisterID},
		{"icp0.io", 404, CodeNoCanister},
		{principal.CanisterID(1).String() + ".raw.icp0.io", 404, CodeRawDisabled},
		{"bad host!", 400, CodeBadHost},
	} {
		r := get(h, "GET", tt.host, "/")
		if r.Code != tt.status || errorBody(t, r).Code != tt.code || r.Header().Get(HeaderCanister) != "" {
			t.Errorf("%s: %d %q", tt.host, r.Code, r.body)
		}
	}
}

func newResolverWithRaw() (*resolve.Resolver, error) {
	return resolve.New(resolve.Config{Apexes: []resolve.Apex{{Name: "icp0.io", Raw: true}}})
}

// TestUpstreamTimeoutAndOverload: a replica that does not answer in time
// gives 504, one that answers 429 gives 503; both carry
// X-Edge-Upstream-Failure so that the cache may serve a stale answer.
func TestUpstreamTimeoutAndOverload(t *testing.T) {
	rep := fakeNet(t)
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(release) })
	busy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Service is overloaded, try again later.", http.StatusTooManyRequests)
	}))
	t.Cleanup(busy.Close)
	host := principal.CanisterID(1).String() + ".localhost"

	h, _ := newGateway(t, slow.URL, rep.rootKey(), func(o *Options) { o.UpstreamTimeout = 50 * time.Millisecond })
	r := get(h, "GET", host, "/")
	if r.Code != 504 || r.Header().Get(HeaderUpstreamFailure) != "1" || errorBody(t, r).Code != CodeUpstreamTimeout {
		t.Errorf("slow: %d %q %v", r.Code, r.body, r.Header())
	}
	h, _ = newGateway(t, busy.URL, rep.rootKey())
	r = get(h, "GET", host, "/")
	if r.Code != 503 || r.Header().Get(HeaderUpstreamFailure) != "1" || errorBody(t, r).Code != CodeUpstreamUnavailable {
		t.Errorf("busy: %d %q %v", r.Code, r.body, r.Header())
	}
}
