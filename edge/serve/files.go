package serve

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/caddyserver/certmagic"
)

// loadFiles puts the certificates of f into magic's cache; certmagic then
// picks one by SNI during the handshake.
func loadFiles(ctx context.Context, magic *certmagic.Config, f *Files) error {
	pairs := append([]CertKeyPair(nil), f.Pairs...)
	if f.Dir != "" {
		found, err := pairsInDir(f.Dir)
		if err != nil {
			return err
		}
		pairs = append(pairs, found...)
	}
	if len(pairs) == 0 {
		return fmt.Errorf("serve: TLS files: no certificate in %s", f.Dir)
	}
	for _, p := range pairs {
		if _, err := magic.CacheUnmanagedCertificatePEMFile(ctx, p.Cert, p.Key, nil); err != nil {
			return fmt.Errorf("serve: TLS files: %s with %s: %w", p.Cert, p.Key, err)
		}
	}
	return nil
}

// pairsInDir finds NAME.crt or NAME.pem files that have a NAME.key beside
// them.
func pairsInDir(dir string) ([]CertKeyPair, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("serve: TLS files: %w", err)
	}
	var out []CertKeyPair
	for _, e := range entries {
		name := e.Name()
		ext := filepath.Ext(name)
		if e.IsDir() || (ext != ".crt" && ext != ".pem") {
			continue
		}
		key := filepath.Join(dir, strings.TrimSuffix(name, ext)+".key")
		if _, err := os.Stat(key); err != nil {
			continue
		}
		out = append(out, CertKeyPair{Cert: filepath.Join(dir, name), Key: key})
	}
	return out, nil
}

// loadRoots reads PEM root certificates into a pool.
func loadRoots(files []string) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("serve: ACME roots: %w", err)
		}
		if !pool.AppendCertsFromPEM(b) {
			return nil, fmt.Errorf("serve: ACME roots: %s holds no PEM certificate", f)
		}
	}
	return pool, nil
}

// filesStorageDir is where certmagic keeps OCSP staples for file
// certificates: the user's cache directory, else the temp directory.
func filesStorageDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "threshold", "edge-certmagic")
	}
	return filepath.Join(os.TempDir(), "threshold-edge-certmagic")
}
