package cache

import (
	"bytes"
	"net/http"
	"reflect"
	"testing"
	"time"
)

func TestEntryRoundTrip(t *testing.T) {
	now := time.Unix(1_700_000_000, 123)
	for _, e := range []*entry{
		newEntry(200, http.Header{"Content-Type": {"text/html"}, "Ic-Certificate": {"certificate=:AAA=:"}, "Set": {"a", "b"}}, []byte("<p>hi</p>"), now, time.Minute, time.Hour),
		newEntry(204, http.Header{}, nil, now, time.Second, 0),
		{status: 200, header: http.Header{}, vary: []string{"Origin"}, stored: now, fresh: now, stale: now},
	} {
		b := appendEntry(nil, e)
		got, err := parseEntry(b)
		if err != nil {
			t.Fatal(err)
		}
		if got.status != e.status || !reflect.DeepEqual(got.header, e.header) || !bytes.Equal(got.body, e.body) ||
			!got.stored.Equal(e.stored) || !got.fresh.Equal(e.fresh) || !got.stale.Equal(e.stale) || !reflect.DeepEqual(got.vary, e.vary) {
			t.Fatalf("round trip changed the entry:\n%+v\n%+v", e, got)
		}
		for n := range b {
			if _, err := parseEntry(b[:n]); err == nil && n < len(b)-len(e.body) {
				t.Fatalf("truncation to %d of %d bytes accepted", n, len(b))
			}
		}
	}
}

func FuzzParseEntry(f *testing.F) {
	now := time.Unix(1_700_000_000, 0)
	f.Add(appendEntry(nil, newEntry(200, http.Header{"A": {"b"}}, []byte("body"), now, time.Minute, 0)))
	f.Add([]byte{1, 200, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		if e, err := parseEntry(b); err == nil {
			if again, err := parseEntry(appendEntry(nil, e)); err != nil || again.status != e.status {
				t.Fatalf("re-encoding a parsed entry failed: %v", err)
			}
		}
	})
}
