package serve

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLocalCAIsMadeOnceAndKept(t *testing.T) {
	dir := t.TempDir()
	ca, err := openLocalCA(dir, time.Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	c := ca.cert
	if c.Subject.CommonName != CAName || !c.IsCA || !c.MaxPathLenZero {
		t.Errorf("CA: CN %q IsCA %v MaxPathLenZero %v", c.Subject.CommonName, c.IsCA, c.MaxPathLenZero)
	}
	if pub, ok := c.PublicKey.(*ecdsa.PublicKey); !ok || pub.Curve != elliptic.P256() {
		t.Errorf("CA key is %T, want ECDSA P-256", c.PublicKey)
	}
	if life := c.NotAfter.Sub(c.NotBefore); life < 9*365*24*time.Hour {
		t.Errorf("CA valid for %v, want about ten years", life)
	}
	if st, err := os.Stat(filepath.Join(dir, "ca", "root.key")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("root.key: %v %v, want mode 0600", st.Mode(), err)
	}
	again, err := openLocalCA(dir, time.Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.certPEM, ca.certPEM) || !again.leafKey.Public().(*ecdsa.PublicKey).Equal(ca.leafKey.Public()) {
		t.Error("reopening made a new CA or leaf key")
	}
}

func TestLocalCARefusesAMismatchedKey(t *testing.T) {
	dir := t.TempDir()
	if _, err := openLocalCA(dir, time.Now, rand.Reader); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "ca", "root.key")); err != nil {
		t.Fatal(err)
	}
	if _, err := openLocalCA(dir, time.Now, rand.Reader); err == nil {
		t.Fatal("a CA certificate with a new key was accepted")
	}
}

func TestLocalIssuerSignsOnlyAllowedNames(t *testing.T) {
	ca, err := openLocalCA(t.TempDir(), time.Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	iss := &localIssuer{ca: ca, validity: time.Hour, allow: testAllow, now: time.Now, rand: rand.Reader}
	csr := func(names ...string) *x509.CertificateRequest {
		der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{DNSNames: names}, ca.leafKey)
		if err != nil {
			t.Fatal(err)
		}
		r, err := x509.ParseCertificateRequest(der)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, tc := range []struct {
		name  string
		names []string
		ok    bool
	}{
		{"canister host", []string{testHost}, true},
		{"raw host", []string{rawHost}, true},
		{"apex", []string{"localhost"}, true},
		{"wildcard", []string{"*.localhost"}, false},
		{"not mappable", []string{refusedHost}, false},
		{"one bad name among good", []string{testHost, refusedHost}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ic, err := iss.Issue(context.Background(), csr(tc.names...))
			if !tc.ok {
				if !errors.Is(err, ErrNotAllowed) {
					t.Fatalf("err = %v, want ErrNotAllowed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			leaf, err := parseCertPEM(ic.Certificate)
			if err != nil {
				t.Fatal(err)
			}
			roots := x509.NewCertPool()
			roots.AddCert(ca.cert)
			if _, err := leaf.Verify(x509.VerifyOptions{DNSName: tc.names[0], Roots: roots}); err != nil {
				t.Fatal(err)
			}
			if len(leaf.DNSNames) != len(tc.names) || leaf.IsCA {
				t.Errorf("leaf names %v IsCA %v", leaf.DNSNames, leaf.IsCA)
			}
		})
	}
}
