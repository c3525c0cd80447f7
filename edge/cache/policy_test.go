package cache

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// RFC 9111 sections 3 and 4.2.1, RFC 5861 section 4: what a shared cache
// may store, for how long, and how long past that on error.
func TestLifetime(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	c, err := New(Options{MaxBytes: 1 << 20, DefaultTTL: 10 * time.Second, MaxTTL: time.Hour, StaleIfError: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	date := now.UTC().Format(http.TimeFormat)
	in90 := now.Add(90 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		name     string
		status   int
		hdr      map[string]string
		reqHdr   map[string]string
		ttl      time.Duration
		staleFor time.Duration
		reason   string
	}{
		{"unmarked answer", 200, map[string]string{"X-Edge-Cacheable": ""}, nil, 0, 0, "unverified"},
		{"default ttl", 200, nil, nil, 10 * time.Second, 10 * time.Minute, ""},
		{"max-age", 200, map[string]string{"Cache-Control": "public, max-age=60"}, nil, time.Minute, 10 * time.Minute, ""},
		{"s-maxage wins over max-age", 200, map[string]string{"Cache-Control": "max-age=60, s-maxage=30"}, nil, 30 * time.Second, 0, ""},
		{"capped by max ttl", 200, map[string]string{"Cache-Control": "max-age=31536000"}, nil, time.Hour, 10 * time.Minute, ""},
		{"max-age=0", 200, map[string]string{"Cache-Control": "max-age=0"}, nil, 0, 0, "ttl"},
		{"malformed max-age is stale", 200, map[string]string{"Cache-Control": "max-age=soon"}, nil, 0, 0, "ttl"},
		{"no-store", 200, map[string]string{"Cache-Control": "no-store"}, nil, 0, 0, "cache_control"},
		{"private", 200, map[string]string{"Cache-Control": "private, max-age=60"}, nil, 0, 0, "cache_control"},
		{"no-cache", 200, map[string]string{"Cache-Control": "no-cache"}, nil, 0, 0, "cache_control"},
		{"Expires minus Date", 200, map[string]string{"Expires": in90, "Date": date}, nil, 90 * time.Second, 10 * time.Minute, ""},
		{"invalid Expires is stale", 200, map[string]string{"Expires": "0"}, nil, 0, 0, "ttl"},
		{"max-age beats Expires", 200, map[string]string{"Cache-Control": "max-age=5", "Expires": in90}, nil, 5 * time.Second, 10 * time.Minute, ""},
		{"404 heuristically cacheable", 404, nil, nil, 10 * time.Second, 10 * time.Minute, ""},
		{"301 cacheable", 301, map[string]string{"Cache-Control": "max-age=60"}, nil, time.Minute, 10 * time.Minute, ""},
		{"500 not stored", 500, map[string]string{"Cache-Control": "max-age=60"}, nil, 0, 0, "status"},
		{"302 not stored", 302, nil, nil, 0, 0, "status"},
		{"206 without Range", 206, nil, nil, 0, 0, "status"},
		{"206 for a Range request", 206, nil, map[string]string{"Range": "bytes=0-9"}, 10 * time.Second, 10 * time.Minute, ""},
		{"Set-Cookie", 200, map[string]string{"Set-Cookie": "a=b"}, nil, 0, 0, "set_cookie"},
		{"Authorization without public", 200, map[string]string{"Cache-Control": "max-age=60"}, map[string]string{"Authorization": "Bearer x"}, 0, 0, "authorization"},
		{"Authorization with public", 200, map[string]string{"Cache-Control": "public, max-age=60"}, map[string]string{"Authorization": "Bearer x"}, time.Minute, 10 * time.Minute, ""},
		{"Vary star", 200, map[string]string{"Vary": "*"}, nil, 0, 0, "vary"},
		{"unknown coding", 200, map[string]string{"Content-Encoding": "compress"}, nil, 0, 0, "encoding"},
		{"stale-if-error below the bound", 200, map[string]string{"Cache-Control": "max-age=60, stale-if-error=30"}, nil, time.Minute, 30 * time.Second, ""},
		{"stale-if-error above the bound", 200, map[string]string{"Cache-Control": "max-age=60, stale-if-error=86400"}, nil, time.Minute, 10 * time.Minute, ""},
		{"must-revalidate forbids stale", 200, map[string]string{"Cache-Control": "max-age=60, must-revalidate"}, nil, time.Minute, 0, ""},
		{"explicit stale-if-error beats must-revalidate", 200, map[string]string{"Cache-Control": "max-age=60, must-revalidate, stale-if-error=5"}, nil, time.Minute, 5 * time.Second, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"X-Edge-Cacheable": {"1"}}
			for k, v := range tt.hdr {
				h.Set(k, v)
			}
			r := httptest.NewRequest("GET", "/", nil)
			for k, v := range tt.reqHdr {
				r.Header.Set(k, v)
			}
			ttl, sf, reason := c.lifetime(r, tt.status, h, now)
			if ttl != tt.ttl || sf != tt.staleFor || reason != tt.reason {
				t.Fatalf("lifetime = %v, %v, %q; want %v, %v, %q", ttl, sf, reason, tt.ttl, tt.staleFor, tt.reason)
			}
		})
	}
}

func TestNoDefaultTTLMeansExplicitOnly(t *testing.T) {
	c, _ := New(Options{MaxBytes: 1 << 20})
	if _, _, reason := c.lifetime(httptest.NewRequest("GET", "/", nil), 200, http.Header{"X-Edge-Cacheable": {"1"}}, time.Now()); reason != "ttl" {
		t.Fatalf("without DefaultTTL an answer without freshness is not stored; reason %q", reason)
	}
}

// RFC 9110 section 13.1.2: If-None-Match uses the weak comparison.
func TestNotModified(t *testing.T) {
	lm := time.Unix(1_700_000_000, 0).UTC()
	e := &entry{status: 200, header: http.Header{"Etag": {`"v1"`}, "Last-Modified": {lm.Format(http.TimeFormat)}}}
	tests := []struct {
		name string
		hdr  map[string]string
		want bool
	}{
		{"no conditions", nil, false},
		{"same tag", map[string]string{"If-None-Match": `"v1"`}, true},
		{"weak tag matches weakly", map[string]string{"If-None-Match": `W/"v1"`}, true},
		{"one of a list", map[string]string{"If-None-Match": `"v0", "v1"`}, true},
		{"star", map[string]string{"If-None-Match": "*"}, true},
		{"other tag", map[string]string{"If-None-Match": `"v2"`}, false},
		{"If-None-Match beats If-Modified-Since", map[string]string{"If-None-Match": `"v2"`, "If-Modified-Since": lm.Format(http.TimeFormat)}, false},
		{"not modified since", map[string]string{"If-Modified-Since": lm.Format(http.TimeFormat)}, true},
		{"modified since", map[string]string{"If-Modified-Since": lm.Add(-time.Second).Format(http.TimeFormat)}, false},
		{"bad date", map[string]string{"If-Modified-Since": "yesterday"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			for k, v := range tt.hdr {
				r.Header.Set(k, v)
			}
			if got := notModified(r, e); got != tt.want {
				t.Fatalf("notModified = %v", got)
			}
		})
	}
	if notModified(func() *http.Request {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("If-None-Match", "*")
		return r
	}(), &entry{status: 404, header: http.Header{}}) {
		t.Fatal("a stored 404 is never 'not modified'")
	}
}

func TestHostWithoutPort(t *testing.T) {
	for in, want := range map[string]string{"a.localhost": "a.localhost", "a.localhost:8443": "a.localhost",
		"[::1]:8443": "::1", "[::1]": "::1", "::1": "::1", "127.0.0.1:80": "127.0.0.1"} {
		if got := hostWithoutPort(in); got != want {
			t.Errorf("hostWithoutPort(%q) = %q, want %q", in, got, want)
		}
	}
}
