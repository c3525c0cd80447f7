package serve

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// serveHTTPS is the HTTPS handler on TCP and QUIC: it advertises HTTP/3 on
// TCP responses and calls the current handler.
func (s *Server) serveHTTPS(w http.ResponseWriter, r *http.Request) {
	switch r.ProtoMajor {
	case 3:
		s.serveHTTP3(w, r)
		return
	case 2:
		s.metrics.h2.Inc()
	default:
		s.metrics.h1.Inc()
	}
	if s.altSvc != nil {
		w.Header()["Alt-Svc"] = s.altSvc // shared, never changed
	}
	(*s.handler.Load()).ServeHTTP(w, r)
}

// serveHTTP3 calls the current handler for a request over QUIC, with the
// edge's own response writer (h3writer.go).
func (s *Server) serveHTTP3(w http.ResponseWriter, r *http.Request) {
	s.metrics.h3.Inc()
	wd := s.beginHTTP3(w, r)
	if wd != nil {
		defer wd.end()
	}
	hr := newH3Response(w, r)
	if hr == nil { // not quic-go's writer: it writes the answer itself
		(*s.handler.Load()).ServeHTTP(w, r)
		return
	}
	returned := false // set when the handler returns, not when it panics or exits
	defer func() {
		// A panic, or runtime.Goexit (which recover does not see), leaves
		// the answer cut off: reset, never finish.
		if p := recover(); p != nil || !returned {
			hr.abort()
			if p != nil {
				panic(p) // quic-go's server logs it (quietly for http.ErrAbortHandler)
			}
			return
		}
		hr.finish()
	}()
	(*s.handler.Load()).ServeHTTP(hr, r)
	returned = true
}

// beginHTTP3 sets the request's deadlines and tells the connection's
// watchdog a request runs. quic-go has no server-wide Read/Write timeouts;
// they are set per request as net/http does for TCP (a handler may extend
// them with its own ResponseController).
func (s *Server) beginHTTP3(w http.ResponseWriter, r *http.Request) *h3Watchdog {
	now := time.Now()
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(now.Add(s.opts.Timeouts.Read))
	rc.SetWriteDeadline(now.Add(s.opts.Timeouts.Write))
	wd := watchdogFrom(r.Context())
	if wd != nil {
		wd.begin()
	}
	return wd
}

// servePlain is the HTTP port: ACME HTTP-01 challenges first, then the
// handler in dev mode, else a permanent redirect to HTTPS.
func (s *Server) servePlain(w http.ResponseWriter, r *http.Request) {
	s.metrics.http.Inc()
	if st := s.tls.Load(); st != nil && st.handleChallenge(w, r) {
		return
	}
	if s.devMode.Load() {
		(*s.handler.Load()).ServeHTTP(w, r)
		return
	}
	s.redirect(w, r)
}

// redirect answers 308 (method and body kept) to the same host and URI on
// the HTTPS port.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "" {
		http.Error(w, "serve: a Host header is required", http.StatusBadRequest)
		return
	}
	port := s.opts.PublicHTTPSPort
	if port == 0 {
		port = s.lns.tcp.Addr().(*net.TCPAddr).Port
	}
	if port != 443 {
		host = net.JoinHostPort(host, strconv.Itoa(port))
	} else if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		host = "[" + host + "]"
	}
	u := url.URL{Scheme: "https", Host: host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	w.Header().Set("Connection", "close")
	http.Redirect(w, r, u.String(), http.StatusPermanentRedirect)
}

// serveHealth answers /health: 200 "ok", or 503 while draining or when the
// configured Health check fails.
func (s *Server) serveHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("draining\n"))
		return
	}
	if h := *s.health.Load(); h != nil {
		if err := h(); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(err.Error() + "\n"))
			return
		}
	}
	w.Write([]byte("ok\n"))
}
