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
