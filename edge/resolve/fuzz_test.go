package resolve

import (
	"net/url"
	"testing"
)

// FuzzResolve checks that no host or query makes Resolve panic, that every
// success is consistent (a raw kind is never verified) and that Names agrees
// with Resolve.
func FuzzResolve(f *testing.F) {
	a := idA.String()
	for _, s := range []string{a + ".localhost", a + ".raw.localhost:8443", "x--" + a + ".icp0.io", "localhost",
		"[::1]:80", "nns.icp0.io", "shop.example.org.", "bücher.localhost", "", ".", "a..b", "raw.localhost"} {
		f.Add(s, "canisterId="+a)
	}
	r := testResolver(f)
	f.Fuzz(func(t *testing.T, host, query string) {
		q, _ := url.ParseQuery(query)
		got, err := r.Resolve(host, q)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not *Error", err)
			}
			return
		}
		if got.Domain == KindRaw && got.Verify {
			t.Fatalf("raw target verified: %+v", got)
		}
		if got.Domain != KindRaw && !got.Verify {
			t.Fatalf("non-raw target unverified: %+v", got)
		}
		if got.Domain != KindQuery && got.Domain != KindRaw && !r.Names(host) {
			t.Fatalf("Resolve maps %q but Names refuses it", host)
		}
	})
}

// FuzzRefererQuery: whatever the request and the Referer, the rule either
// does not apply or gives a query that resolves, on the Referer's host,
// to the Referer's canister.
func FuzzRefererQuery(f *testing.F) {
	a := idA.String()
	f.Add("localhost:8443", "", "https://localhost:8443/?canisterId="+a)
	f.Add("raw.localhost", "v=1", "http://raw.localhost/x?canisterId="+a+"&b=2")
	f.Add("localhost", "canisterId=", "https://localhost/?canisterId="+a)
	f.Add(a+".localhost", "", "https://localhost/?canisterId="+a)
	r := testResolver(f)
	f.Fuzz(func(t *testing.T, host, query, referer string) {
		got, ok := r.RefererQuery(host, query, referer)
		if !ok {
			return
		}
		q, err := url.ParseQuery(got)
		if err != nil {
			t.Fatalf("%q: %v", got, err)
		}
		target, err := r.Resolve(host, q)
		if err != nil {
			t.Fatalf("%q does not resolve: %v", got, err)
		}
		ref, _ := url.Parse(referer)
		if want, err := canisterID(ref.Query().Get("canisterId")); err != nil || target.Canister != want {
			t.Fatalf("resolved %s, the Referer names %q", target.Canister, ref.Query().Get("canisterId"))
		}
		if target.Domain != KindQuery && target.Domain != KindRaw {
			t.Fatalf("applied to a %v name", target.Domain)
		}
	})
}
