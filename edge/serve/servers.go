package serve

import (
	"context"
	"crypto/tls"
	"net/http"

	"github.com/quic-go/quic-go"
	"github.com/quic-go/quic-go/http3"
)

// buildServers makes the net/http and HTTP/3 servers from the validated
// options; their settings never change while they run.
func (s *Server) buildServers() {
	o := &s.opts
	t := o.Timeouts
	errLog := s.metrics.errorLog(s.log)
	var protos http.Protocols
	protos.SetHTTP1(true)
	protos.SetHTTP2(true)
	s.https = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTPS),
		TLSConfig:         s.tcpTLSConfig(),
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    o.MaxHeaderBytes,
		Protocols:         &protos,
		HTTP2: &http.HTTP2Config{
			MaxConcurrentStreams: o.HTTP2MaxStreams,
			SendPingTimeout:      t.Idle / 2,
			WriteByteTimeout:     t.Write,
		},
		ConnState: s.metrics.connState("https"),
		ErrorLog:  errLog,
	}
	if s.lns.udp != nil {
		s.h3 = &http3.Server{
			Handler:        http.HandlerFunc(s.serveHTTPS),
			TLSConfig:      http3.ConfigureTLSConfig(s.quicTLSConfig()),
			MaxHeaderBytes: o.MaxHeaderBytes,
			IdleTimeout:    t.Idle,
			QUICConfig: &quic.Config{
				HandshakeIdleTimeout: t.Handshake,
				MaxIdleTimeout:       o.QUIC.IdleTimeout,
				MaxIncomingStreams:   o.QUIC.MaxStreams,
				Allow0RTT:            false, // 0-RTT requests could be replayed
			},
			Logger: s.log.With("listener", "http3"),
			ConnContext: func(ctx context.Context, c *quic.Conn) context.Context {
				w := newH3Watchdog(c, t.ReadHeader, t.Idle, s.metrics.h3Stalled.Inc)
				return context.WithValue(ctx, watchdogKey{}, w)
			},
		}
	}
	if s.lns.plain != nil {
		s.plain = &http.Server{
			Handler:           http.HandlerFunc(s.servePlain),
			ReadHeaderTimeout: t.ReadHeader,
			ReadTimeout:       t.Read,
			WriteTimeout:      t.Write,
			IdleTimeout:       t.Idle,
			MaxHeaderBytes:    o.MaxHeaderBytes,
			ConnState:         s.metrics.connState("http"),
			ErrorLog:          errLog,
		}
	}
	if s.lns.metrics != nil {
		s.metricsS = &http.Server{
			Handler:           metricsHandler(s.gatherer, s.serveHealth),
			ReadHeaderTimeout: t.ReadHeader,
			ReadTimeout:       t.Read,
			WriteTimeout:      t.Write,
			IdleTimeout:       t.Idle,
			ErrorLog:          errLog,
		}
	}
}

// tcpTLSConfig serves HTTP/2, HTTP/1.1 and ACME TLS-ALPN-01 challenges,
// with certificates from the current source.
func (s *Server) tcpTLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion:     tls.VersionTLS12,
		NextProtos:     []string{"h2", "http/1.1", "acme-tls/1"},
		GetCertificate: s.getCertificate,
	}
}

// quicTLSConfig is the TLS 1.3 config under QUIC (http3 adds "h3").
func (s *Server) quicTLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion:     tls.VersionTLS13,
		GetCertificate: s.getCertificate,
	}
}

// getCertificate asks the certificate source current at handshake time, so
// SetTLS takes effect for the next handshake.
func (s *Server) getCertificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	st := s.tls.Load()
	if st == nil {
		return nil, errNoTLS
	}
	return st.getCertificate(hello)
}
