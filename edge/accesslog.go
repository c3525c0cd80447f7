package edge

import (
	"log/slog"
	"net/http"
	"time"
)

// accessLog writes one structured line per request through slog: JSON in
// production (Config.Log.Format), with the fields an operator filters on.
func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("host", r.Host),
			slog.String("path", r.URL.Path),
			slog.String("proto", protocol(r)),
			slog.Int("status", sw.status),
			slog.Int64("bytes", sw.bytes),
			slog.String("cache", sw.Header().Get("X-Cache")),
			slog.String("remote", r.RemoteAddr),
			slog.Duration("duration", time.Since(start)),
		)
	})
}
