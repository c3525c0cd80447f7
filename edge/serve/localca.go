package serve

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// CAName is the common name of the local CA, and its nickname in NSS
// databases.
const CAName = "Threshold Local CA"

// caValidity is the local CA's lifetime.
const caValidity = 10 * 365 * 24 * time.Hour

// localCA is the development CA: its certificate and key, and the key that
// every leaf it issues carries.
type localCA struct {
	cert     *x509.Certificate
	certPEM  []byte
	key      crypto.Signer
	leafKey  crypto.Signer
	certFile string
}

// openLocalCA loads the CA under dir/ca, creating it on first use.
func openLocalCA(dir string, now func() time.Time, rnd io.Reader) (*localCA, error) {
	caDir := filepath.Join(dir, "ca")
	if err := os.MkdirAll(caDir, 0o700); err != nil {
		return nil, fmt.Errorf("serve: local CA: %w", err)
	}
	certFile, keyFile := CACertFile(dir), filepath.Join(caDir, "root.key")
	key, err := loadOrCreateKey(keyFile, rnd)
	if err != nil {
		return nil, err
	}
	certPEM, err := os.ReadFile(certFile)
	if errors.Is(err, fs.ErrNotExist) {
		certPEM, err = createRoot(certFile, key, now(), rnd)
	}
	if err != nil {
		return nil, fmt.Errorf("serve: local CA certificate: %w", err)
	}
	cert, err := parseCertPEM(certPEM)
	if err != nil {
		return nil, fmt.Errorf("serve: local CA certificate %s: %w", certFile, err)
	}
	if !samePublicKey(cert.PublicKey, key.Public()) {
		return nil, fmt.Errorf("serve: local CA: %s does not belong to the key beside it", certFile)
	}
	leafKey, err := loadOrCreateKey(filepath.Join(caDir, "leaf.key"), rnd)
	if err != nil {
		return nil, err
	}
	return &localCA{cert: cert, certPEM: certPEM, key: key, leafKey: leafKey, certFile: certFile}, nil
}

// createRoot makes the self-signed root and writes it atomically.
func createRoot(file string, key crypto.Signer, now time.Time, rnd io.Reader) ([]byte, error) {
	serial, err := randomSerial(rnd)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: CAName, Organization: []string{"Threshold development"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(caValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rnd, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	b := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return b, writeFileAtomic(file, b, 0o644)
}

// loadOrCreateKey reads a PEM private key, or makes an ECDSA P-256 key
// and writes it (never overwriting one that appeared meanwhile).
func loadOrCreateKey(file string, rnd io.Reader) (crypto.Signer, error) {
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		k, gerr := ecdsa.GenerateKey(elliptic.P256(), rnd)
		if gerr != nil {
			return nil, fmt.Errorf("serve: local CA key: %w", gerr)
		}
		der, merr := x509.MarshalPKCS8PrivateKey(k)
		if merr != nil {
			return nil, fmt.Errorf("serve: local CA key: %w", merr)
		}
		b = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
		err = writeFileAtomic(file, b, 0o600)
	}
	if err != nil {
		return nil, fmt.Errorf("serve: local CA key %s: %w", file, err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("serve: local CA key %s: no PEM block", file)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("serve: local CA key %s: %w", file, err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("serve: local CA key %s: %T cannot sign", file, k)
	}
	return s, nil
}

// writeFileAtomic writes b to a temporary file and links it into place, so
// that a reader sees the whole file or none and a concurrent writer's file
// wins rather than being overwritten.
func writeFileAtomic(file string, b []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(file), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), file); errors.Is(err, fs.ErrExist) {
		return errors.New(file + " appeared while it was being created; start again")
	} else if err != nil {
		return err
	}
	return nil
}

func parseCertPEM(b []byte) (*x509.Certificate, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "CERTIFICATE" {
		return nil, errors.New("no CERTIFICATE PEM block")
	}
	return x509.ParseCertificate(blk.Bytes)
}

func samePublicKey(a, b crypto.PublicKey) bool {
	ka, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && ka.Equal(b)
}

// randomSerial is a positive 128-bit serial number.
func randomSerial(rnd io.Reader) (*big.Int, error) {
	var b [16]byte
	if _, err := io.ReadFull(rnd, b[:]); err != nil {
		return nil, fmt.Errorf("serve: serial number: %w", err)
	}
	b[0] &= 0x7f
	b[0] |= 0x01 // never zero, never negative
	return new(big.Int).SetBytes(b[:]), nil
}

// SPKIHash is the base64 SHA-256 of a public key's SubjectPublicKeyInfo,
// the form Chromium's --ignore-certificate-errors-spki-list and HPKP use.
func SPKIHash(pub crypto.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("serve: SPKI: %w", err)
	}
	sum := sha256.Sum256(der)
	return base64.StdEncoding.EncodeToString(sum[:]), nil
}

// CheckCACert reports whether pemBytes holds a CA certificate (what
// `threshold trust` installs): a PEM CERTIFICATE with the CA flag.
func CheckCACert(pemBytes []byte) error {
	c, err := parseCertPEM(pemBytes)
	if err != nil {
		return fmt.Errorf("serve: CA certificate: %w", err)
	}
	if !c.IsCA {
		return fmt.Errorf("serve: %q is not a CA certificate", c.Subject.CommonName)
	}
	return nil
}

// EnsureLocalCA makes the local CA under dir (the LocalCA.Dir of the
// edge) unless it exists, and returns its certificate file, so that tools
// can install the CA before an edge first runs.
func EnsureLocalCA(dir string) (string, error) {
	ca, err := openLocalCA(dir, time.Now, rand.Reader)
	if err != nil {
		return "", err
	}
	return ca.certFile, nil
}
