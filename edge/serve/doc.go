// Package serve is the edge's front door: listeners, TLS and the life
// cycle of the servers behind them.
//
// One HTTPS port number serves HTTP/1.1 and HTTP/2 over TCP (net/http) and
// HTTP/3 over QUIC (quic-go) on UDP, and every TCP response advertises the
// QUIC port with Alt-Svc. On QUIC, quic-go parses requests and the edge
// writes the responses itself (h3writer.go, qpack.go): its own QPACK field
// sections without Huffman coding, and one write per buffered response,
// because every certified answer carries ~2 KB of IC-Certificate that
// HTTP/3 cannot index for quic-go's client. A plain HTTP port redirects to HTTPS with 308,
// except ACME HTTP-01 challenges; in development (DevMode) it serves the
// handler directly, as dfx does on http://<id>.localhost. A third listener
// serves Prometheus /metrics and /health.
//
// Certificates come from certmagic in one of three modes:
//
//   - LocalCA: a development CA made once under a directory and kept
//     across restarts. certmagic's on-demand TLS asks Options.Allow about
//     each new SNI name during the handshake; for an allowed name a local
//     Issuer signs one certificate for exactly that name (never a
//     wildcard: clients refuse *.localhost), and certmagic stores it
//     under the same directory and renews it. Every leaf shares one key,
//     so one SPKI pin (Server.LeafSPKI) covers every host.
//   - ACME: Let's Encrypt or any RFC 8555 CA with HTTP-01 and TLS-ALPN-01,
//     on demand for allowed names and eagerly for listed domains.
//   - Files: PEM certificate and key files picked by SNI.
//
// The life cycle:
//
//	s, err := serve.New(opts)    // validate, no I/O
//	err = s.Start(ctx)           // bind all listeners, then serve
//	s.Addrs()                    // the bound addresses
//	s.SetHandler(h)              // atomic swap, nothing dropped
//	s.Reload(ctx, newOpts)       // handler, Allow, DevMode, TLS
//	s.Shutdown(ctx)              // drain TCP and QUIC, then close
//
// Timeouts bound every phase: TLS handshake and request headers
// (ReadHeader on TCP, Handshake on QUIC), the whole request, the response
// and idle connections, so that a slow client cannot hold a connection
// open (slowloris).
package serve
