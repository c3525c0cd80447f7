package serve

import (
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/caddyserver/certmagic"
)

// ErrNotAllowed is returned for a host name the edge cannot map to a
// canister: no certificate is issued for it.
var ErrNotAllowed = errors.New("serve: no certificate for this host name")

// defaultLeafValidity is a local leaf certificate's lifetime.
const defaultLeafValidity = 7 * 24 * time.Hour

// localIssuer issues leaf certificates from the local CA for the names
// that allow accepts, one name per certificate as certmagic asks for them.
// It never issues a wildcard.
type localIssuer struct {
	ca       *localCA
	validity time.Duration
	allow    func(string) bool
	now      func() time.Time
	rand     io.Reader
}

var _ certmagic.Issuer = (*localIssuer)(nil)

// IssuerKey names the CA, so that certificates of an earlier CA (say the
// directory was wiped) are never served with the new one.
func (i *localIssuer) IssuerKey() string {
	sum := sha256.Sum256(i.ca.cert.Raw)
	return "threshold-local-ca-" + hex.EncodeToString(sum[:6])
}

// Issue signs the CSR's names after checking each against allow.
func (i *localIssuer) Issue(_ context.Context, csr *x509.CertificateRequest) (*certmagic.IssuedCertificate, error) {
	if err := csr.CheckSignature(); err != nil {
		return nil, fmt.Errorf("serve: local CA: bad CSR: %w", err)
	}
	if len(csr.DNSNames)+len(csr.IPAddresses) == 0 {
		return nil, errors.New("serve: local CA: CSR names no host")
	}
	for _, n := range csr.DNSNames {
		if strings.Contains(n, "*") {
			return nil, fmt.Errorf("%w: %q: the local CA never issues wildcards", ErrNotAllowed, n)
		}
		if !i.allow(n) {
			return nil, fmt.Errorf("%w: %q", ErrNotAllowed, n)
		}
	}
	for _, ip := range csr.IPAddresses {
		if !i.allow(ip.String()) {
			return nil, fmt.Errorf("%w: %s", ErrNotAllowed, ip)
		}
	}
	serial, err := randomSerial(i.rand)
	if err != nil {
		return nil, err
	}
	now := i.now()
	notAfter := now.Add(i.validity)
	if notAfter.After(i.ca.cert.NotAfter) {
		notAfter = i.ca.cert.NotAfter
	}
	cn := ""
	if len(csr.DNSNames) > 0 {
		cn = csr.DNSNames[0]
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn},
		DNSNames:     csr.DNSNames,
		IPAddresses:  csr.IPAddresses,
		NotBefore:    now.Add(-5 * time.Minute),
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(i.rand, tmpl, i.ca.cert, csr.PublicKey, i.ca.key)
	if err != nil {
		return nil, fmt.Errorf("serve: local CA: signing %v: %w", csr.DNSNames, err)
	}
	return &certmagic.IssuedCertificate{
		Certificate: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
	}, nil
}

// fixedKey hands certmagic the local CA's one leaf key for every
// certificate, so that a single SPKI pin matches every host.
type fixedKey struct{ key crypto.Signer }

var _ certmagic.KeyGenerator = fixedKey{}

func (f fixedKey) GenerateKey() (crypto.PrivateKey, error) { return f.key, nil }
