package serve

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"time"
)

// SetHandler swaps the handler atomically: requests already running finish
// on the old one, the next request of every connection uses h.
func (s *Server) SetHandler(h http.Handler) {
	if h == nil {
		panic("serve: SetHandler(nil)")
	}
	s.handler.Store(&h)
}

// SetTLS replaces the certificate source; the next handshake uses it and
// open connections keep theirs. An error leaves the old source in place.
func (s *Server) SetTLS(ctx context.Context, mode TLS) error {
	if err := mode.validate(s.opts.Allow != nil); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.setTLSLocked(ctx, mode)
}

func (s *Server) setTLSLocked(ctx context.Context, mode TLS) error {
	if s.state != stateRunning {
		return fmt.Errorf("%w: SetTLS on a server that is not running", ErrState)
	}
	old := s.tls.Load()
	if old != nil && reflect.DeepEqual(old.mode, mode) {
		return nil
	}
	st, err := newTLSState(ctx, mode, s.tlsEnv(s.lns))
	if err != nil {
		return err
	}
	s.tls.Store(st)
	old.close()
	s.opts.TLS = mode
	s.log.Info("certificate source replaced")
	return nil
}

// Reload applies a new Options value without dropping a connection: the
// handler, Allow, Health, DevMode and TLS change; addresses, limits and
// timeouts are fixed for the server's life and must be unchanged (the
// error names the field). On error nothing changed.
func (s *Server) Reload(ctx context.Context, opts Options) error {
	o, err := opts.withDefaults()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fixedFieldsEqual(&o); err != nil {
		return err
	}
	if err := s.setTLSLocked(ctx, o.TLS); err != nil {
		return err
	}
	s.apply(o)
	s.opts.Allow, s.opts.Health, s.opts.DevMode, s.opts.Handler = o.Allow, o.Health, o.DevMode, o.Handler
	return nil
}

// fixedFieldsEqual reports the first field that only a restart can change.
func (s *Server) fixedFieldsEqual(o *Options) error {
	cur := &s.opts
	fields := []struct {
		name string
		a, b any
	}{
		{"HTTPSAddr", cur.HTTPSAddr, o.HTTPSAddr},
		{"HTTPAddr", cur.HTTPAddr, o.HTTPAddr},
		{"MetricsAddr", cur.MetricsAddr, o.MetricsAddr},
		{"PublicHTTPSPort", cur.PublicHTTPSPort, o.PublicHTTPSPort},
		{"Timeouts", cur.Timeouts, o.Timeouts},
		{"MaxHeaderBytes", cur.MaxHeaderBytes, o.MaxHeaderBytes},
		{"HTTP2MaxStreams", cur.HTTP2MaxStreams, o.HTTP2MaxStreams},
		{"QUIC", cur.QUIC, o.QUIC},
	}
	for _, f := range fields {
		if f.a != f.b {
			return fmt.Errorf("%w: %s cannot change on reload (restart the edge): %v -> %v", ErrRestart, f.name, f.a, f.b)
		}
	}
	return nil
}

// ErrRestart is returned by Reload for a change that needs a restart.
var ErrRestart = errors.New("serve: change needs a restart")

// Shutdown stops accepting, lets in-flight requests on TCP and QUIC finish
// until ctx ends, then closes everything. /health answers 503 meanwhile.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != stateRunning {
		s.state = stateStopped
		return nil
	}
	s.state = stateStopped
	s.draining.Store(true)
	s.metrics.draining.Set(1)
	start := time.Now()
	s.log.Info("draining")
	errc := make(chan error, 3)
	n := 0
	n++
	go func() { errc <- s.https.Shutdown(ctx) }()
	if s.plain != nil {
		n++
		go func() { errc <- s.plain.Shutdown(ctx) }()
	}
	if s.h3 != nil {
		n++
		go func() { errc <- s.h3.Shutdown(ctx) }()
	}
	var errs []error
	for range n {
		if err := <-errc; err != nil {
			errs = append(errs, err)
		}
	}
	if ctx.Err() != nil {
		s.closeAll()
	}
	if s.metricsS != nil {
		s.metricsS.Close()
	}
	if s.h3 != nil {
		s.h3.Close()
	}
	s.lns.close()
	s.wg.Wait()
	s.tls.Load().close()
	s.log.Info("stopped", "drained_in", time.Since(start).Round(time.Millisecond))
	if len(errs) > 0 {
		return fmt.Errorf("serve: shutdown: %w", errors.Join(errs...))
	}
	return nil
}

// closeAll cuts the connections that did not drain in time.
func (s *Server) closeAll() {
	s.https.Close()
	if s.plain != nil {
		s.plain.Close()
	}
	if s.h3 != nil {
		s.h3.Close()
	}
}
