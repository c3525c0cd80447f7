package serve

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"time"

	"github.com/caddyserver/certmagic"
)

// tlsState is one certificate source: a certmagic config with its cache,
// swapped whole by SetTLS and Reload.
type tlsState struct {
	mode  TLS
	magic *certmagic.Config
	cache *certmagic.Cache
	acme  *certmagic.ACMEIssuer // ACME mode: answers HTTP-01 challenges
	ca    *localCA              // LocalCA mode
	spki  string                // LocalCA mode: SPKI hash of the leaf key
}

// tlsEnv is what building a tlsState needs from the server.
type tlsEnv struct {
	allow     func(string) bool // reads the server's current Allow
	httpPort  int               // bound HTTP port (ACME HTTP-01), 0: none
	httpsPort int               // bound HTTPS port (ACME TLS-ALPN-01)
	host      string            // bound host
	opts      *Options
	metrics   *metrics
}

// newTLSState builds the certificate source for mode.
func newTLSState(ctx context.Context, mode TLS, env tlsEnv) (*tlsState, error) {
	st := &tlsState{mode: mode}
	log := env.opts.Logger.With("component", "tls")
	tmpl := certmagic.Config{
		Logger:  zapToSlog(log),
		OnEvent: env.metrics.certEvent(log),
	}
	var magic *certmagic.Config
	st.cache = certmagic.NewCache(certmagic.CacheOptions{
		GetConfigForCert: func(certmagic.Certificate) (*certmagic.Config, error) { return magic, nil },
		Logger:           tmpl.Logger,
	})
	decide := func(_ context.Context, name string) error {
		if !env.allow(name) {
			env.metrics.certificates.WithLabelValues("refused").Inc()
			log.Debug("on-demand certificate refused", "host", name)
			return fmt.Errorf("%w: %q", ErrNotAllowed, name)
		}
		return nil
	}
	var err error
	switch {
	case mode.LocalCA != nil:
		err = st.localCA(&tmpl, decide, env)
	case mode.ACME != nil:
		tmpl.Storage = &certmagic.FileStorage{Path: mode.ACME.StorageDir}
		tmpl.OnDemand = &certmagic.OnDemandConfig{DecisionFunc: decide}
	case mode.Files != nil:
		// Only OCSP staples are stored for unmanaged certificates.
		tmpl.Storage = &certmagic.FileStorage{Path: filesStorageDir()}
	}
	if err != nil {
		st.cache.Stop()
		return nil, err
	}
	magic = certmagic.New(st.cache, tmpl)
	st.magic = magic
	switch {
	case mode.LocalCA != nil:
		magic.Issuers = []certmagic.Issuer{&localIssuer{
			ca: st.ca, validity: leafValidity(mode.LocalCA), allow: env.allow,
			now: env.opts.Now, rand: env.opts.Rand,
		}}
	case mode.ACME != nil:
		err = st.setupACME(ctx, mode.ACME, env)
	case mode.Files != nil:
		err = loadFiles(ctx, magic, mode.Files)
	}
	if err != nil {
		st.close()
		return nil, err
	}
	return st, nil
}

func (st *tlsState) localCA(tmpl *certmagic.Config, decide func(context.Context, string) error, env tlsEnv) error {
	ca, err := openLocalCA(st.mode.LocalCA.Dir, env.opts.Now, env.opts.Rand)
	if err != nil {
		return err
	}
	st.ca = ca
	if st.spki, err = SPKIHash(ca.leafKey.Public()); err != nil {
		return err
	}
	tmpl.Storage = &certmagic.FileStorage{Path: filepath.Join(st.mode.LocalCA.Dir, "certmagic")}
	tmpl.OnDemand = &certmagic.OnDemandConfig{DecisionFunc: decide}
	tmpl.KeySource = fixedKey{ca.leafKey}
	tmpl.ReusePrivateKeys = true
	// No OCSP responder exists for the local CA.
	tmpl.OCSP = certmagic.OCSPConfig{DisableStapling: true}
	tmpl.DisableARI = true
	return nil
}

func leafValidity(l *LocalCA) time.Duration {
	if l.LeafValidity > 0 {
		return l.LeafValidity
	}
	return defaultLeafValidity
}

func (st *tlsState) setupACME(ctx context.Context, a *ACME, env tlsEnv) error {
	var roots *x509.CertPool
	if len(a.RootCAFiles) > 0 {
		var err error
		if roots, err = loadRoots(a.RootCAFiles); err != nil {
			return err
		}
	}
	st.acme = certmagic.NewACMEIssuer(st.magic, certmagic.ACMEIssuer{
		CA:                      a.CA,
		Email:                   a.Email,
		Agreed:                  true,
		DisableHTTPChallenge:    !a.HTTP01,
		DisableTLSALPNChallenge: !a.TLSALPN01,
		TrustedRoots:            roots,
		// Our own listeners hold these ports and answer the challenges
		// (HandleHTTPChallenge on HTTP, GetCertificate on HTTPS).
		AltHTTPPort:    env.httpPort,
		AltTLSALPNPort: env.httpsPort,
		ListenHost:     env.host,
		Logger:         st.magic.Logger,
	})
	st.magic.Issuers = []certmagic.Issuer{st.acme}
	if len(a.Domains) > 0 {
		if err := st.magic.ManageAsync(ctx, a.Domains); err != nil {
			return fmt.Errorf("serve: ACME: managing %v: %w", a.Domains, err)
		}
	}
	return nil
}

// handleChallenge answers an ACME HTTP-01 challenge, if r is one.
func (st *tlsState) handleChallenge(w http.ResponseWriter, r *http.Request) bool {
	return st.acme != nil && st.acme.HandleHTTPChallenge(w, r)
}

func (st *tlsState) getCertificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	return st.magic.GetCertificate(hello)
}

func (st *tlsState) close() {
	if st != nil && st.cache != nil {
		st.cache.Stop()
	}
}

// errNoTLS is returned by a handshake before Start has set a source.
var errNoTLS = errors.New("serve: no certificate source (server not started)")
