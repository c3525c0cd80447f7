package serve

import (
	"net/mail"
	"net/url"
	"path/filepath"
	"time"
)

// TLS says where the server's certificates come from: exactly one of its
// fields is set.
type TLS struct {
	// LocalCA issues one certificate per allowed host name, on demand,
	// from a development CA kept under a directory.
	LocalCA *LocalCA
	// ACME obtains certificates from an ACME CA (Let's Encrypt, Pebble).
	ACME *ACME
	// Files serves certificates from PEM files.
	Files *Files
}

// LocalCA is the development CA. Its layout under Dir:
//
//	ca/root.crt   the CA certificate (PEM), what `threshold trust` installs
//	ca/root.key   the CA key (PEM, 0600)
//	ca/leaf.key   the key every leaf certificate shares (PEM, 0600), so that
//	              one SPKI pin covers every host
//	certmagic/    issued leaf certificates, kept across restarts
//
// The CA (ECDSA P-256, "Threshold Local CA", valid ten years) is made on
// first use and reused after.
type LocalCA struct {
	// Dir holds the CA and the issued certificates. Required.
	Dir string
	// LeafValidity is how long a leaf certificate is valid; certmagic
	// renews it in the last third. Default 7 days.
	LeafValidity time.Duration
}

// ACME obtains certificates with ACME, on demand for names Allow accepts
// and eagerly for Domains.
type ACME struct {
	// Email is the ACME account's contact. Optional.
	Email string
	// CA is the ACME directory URL. Required (there is no silent default:
	// pick Let's Encrypt staging or production explicitly).
	CA string
	// HTTP01 and TLSALPN01 enable the challenge types; at least one.
	// HTTP-01 needs HTTPAddr reachable on port 80 (or a port mapping),
	// TLS-ALPN-01 needs the HTTPS port reachable on 443.
	HTTP01    bool
	TLSALPN01 bool
	// StorageDir keeps the account and certificates. Required.
	StorageDir string
	// RootCAFiles are PEM files of roots to trust when talking to the CA
	// (a test CA such as Pebble). Empty: the system roots.
	RootCAFiles []string
	// Domains are obtained at start instead of at the first handshake.
	Domains []string
}

// Files serves certificates from PEM files: Pairs and, in Dir, every
// NAME.crt (or NAME.pem) with its NAME.key. Certificates are picked by SNI.
type Files struct {
	Pairs []CertKeyPair
	Dir   string
}

// CertKeyPair names a certificate chain file and its key file (PEM).
type CertKeyPair struct {
	Cert, Key string
}

// CACertFile is where a LocalCA under dir keeps its root certificate.
func CACertFile(dir string) string { return filepath.Join(dir, "ca", "root.crt") }

func (t TLS) validate(haveAllow bool) error {
	n := 0
	for _, set := range []bool{t.LocalCA != nil, t.ACME != nil, t.Files != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return optErr("TLS", "set exactly one of LocalCA, ACME and Files (%d set)", n)
	}
	switch {
	case t.LocalCA != nil:
		if t.LocalCA.Dir == "" {
			return optErr("TLS.LocalCA.Dir", "required")
		}
		if t.LocalCA.LeafValidity < 0 {
			return optErr("TLS.LocalCA.LeafValidity", "negative")
		}
		if !haveAllow {
			return optErr("Allow", "required with TLS.LocalCA (it decides which names get certificates)")
		}
	case t.ACME != nil:
		a := t.ACME
		if u, err := url.Parse(a.CA); err != nil || u.Scheme != "https" || u.Host == "" {
			return optErr("TLS.ACME.CA", "%q is not an https directory URL", a.CA)
		}
		if a.Email != "" {
			if _, err := mail.ParseAddress(a.Email); err != nil {
				return optErr("TLS.ACME.Email", "%v", err)
			}
		}
		if !a.HTTP01 && !a.TLSALPN01 {
			return optErr("TLS.ACME", "enable HTTP01, TLSALPN01 or both")
		}
		if a.StorageDir == "" {
			return optErr("TLS.ACME.StorageDir", "required")
		}
		if !haveAllow && len(a.Domains) == 0 {
			return optErr("Allow", "required with TLS.ACME unless Domains lists every name")
		}
	case t.Files != nil:
		f := t.Files
		if len(f.Pairs) == 0 && f.Dir == "" {
			return optErr("TLS.Files", "set Pairs or Dir")
		}
		for i, p := range f.Pairs {
			if p.Cert == "" || p.Key == "" {
				return optErr("TLS.Files.Pairs", "pair %d needs Cert and Key", i)
			}
		}
	}
	return nil
}
