package edge

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestObserve: every request is counted by protocol and status; the access
// line is written as JSON with the fields an operator filters on when the
// log takes Info lines, and not at all otherwise.
func TestObserve(t *testing.T) {
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Cache", "HIT")
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte("short and stout"))
	})
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelWarn} {
		var buf bytes.Buffer
		m := newMetrics(prometheus.NewRegistry())
		h := observe(m, slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level})), inner)
		for range 3 {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "https://x.localhost/a/../b?q=1", nil))
		}
		if got := testutil.ToFloat64(m.requests.WithLabelValues("h1", "418")); got != 3 {
			t.Errorf("level %v: %v requests counted, want 3", level, got)
		}
		if level == slog.LevelWarn {
			if buf.Len() != 0 {
				t.Errorf("access lines written at level warn: %s", buf.String())
			}
			continue
		}
		lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
		if len(lines) != 3 {
			t.Fatalf("%d access lines, want 3", len(lines))
		}
		var line map[string]any
		if err := json.Unmarshal(lines[0], &line); err != nil {
			t.Fatal(err)
		}
		for k, want := range map[string]any{"msg": "request", "method": "GET", "host": "x.localhost", "path": "/a/../b",
			"proto": "h1", "status": float64(418), "bytes": float64(15), "cache": "HIT"} {
			if line[k] != want {
				t.Errorf("%s = %v, want %v", k, line[k], want)
			}
		}
	}
}
