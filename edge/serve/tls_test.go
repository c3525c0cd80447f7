package serve

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// peerCert fetches / on host over a new HTTP/2 connection, checks the body
// and returns the served leaf certificate.
func peerCert(t *testing.T, s *Server, roots *x509.CertPool, host, want string) *x509.Certificate {
	t.Helper()
	resp, err := tcpClient(s, roots, false).Get(urlFor(s, host, "/"))
	if err != nil {
		t.Fatalf("%s: %v", host, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != want {
		t.Fatalf("%s: %d %q", host, resp.StatusCode, body)
	}
	return resp.TLS.PeerCertificates[0]
}

func TestLocalCAIssuesOneCertificatePerAllowedHost(t *testing.T) {
	s := start(t, localOptions(t, t.TempDir(), hello("hi")))
	roots := caPool(t, s)
	for _, host := range []string{testHost, rawHost, "localhost"} {
		t.Run(host, func(t *testing.T) {
			leaf := peerCert(t, s, roots, host, "hi HTTP/2.0")
			if len(leaf.DNSNames) != 1 || leaf.DNSNames[0] != host {
				t.Errorf("certificate names %v, want exactly [%s]", leaf.DNSNames, host)
			}
			spki, err := SPKIHash(leaf.PublicKey)
			if err != nil || spki != s.LeafSPKI() {
				t.Errorf("leaf SPKI %s, LeafSPKI() %s (%v)", spki, s.LeafSPKI(), err)
			}
		})
	}
	t.Run("refused name fails the handshake", func(t *testing.T) {
		conn, err := tls.Dial("tcp", s.Addrs().HTTPS, &tls.Config{ServerName: refusedHost, RootCAs: roots})
		if err == nil {
			conn.Close()
			t.Fatal("handshake succeeded for a name the edge cannot map")
		}
		c, tr := h3Client(s, roots)
		defer tr.Close()
		if _, err := c.Get(urlFor(s, refusedHost, "/")); err == nil {
			t.Fatal("HTTP/3 handshake succeeded for a name the edge cannot map")
		}
		resp, err := http.Get("http://" + s.Addrs().Metrics + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		m, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want := `edge_serve_certificates_total{result="refused"} 2`; !strings.Contains(string(m), want) {
			t.Errorf("/metrics lacks %s (TCP and QUIC refusals)", want)
		}
	})
	t.Run("no wildcard was ever issued", func(t *testing.T) {
		for _, c := range s.tls.Load().cache.AllMatchingCertificates("x.localhost") {
			t.Errorf("a certificate matches an unrequested name: %v", c.Names)
		}
	})
}

func TestLocalCACertificatesSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	o := localOptions(t, dir, hello("hi"))
	s1, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s1.Start(ctx); err != nil {
		t.Fatal(err)
	}
	ca1, _ := os.ReadFile(s1.CACertPath())
	leaf1 := peerCert(t, s1, caPool(t, s1), testHost, "hi HTTP/2.0")
	if err := s1.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}

	s2 := start(t, o)
	ca2, _ := os.ReadFile(s2.CACertPath())
	if string(ca1) != string(ca2) {
		t.Fatal("the CA changed across a restart")
	}
	leaf2 := peerCert(t, s2, caPool(t, s2), testHost, "hi HTTP/2.0")
	if leaf1.SerialNumber.Cmp(leaf2.SerialNumber) != 0 {
		t.Errorf("a new certificate was issued after restart (serial %x, was %x)", leaf2.SerialNumber, leaf1.SerialNumber)
	}
}

func TestFilesModeServesBySNI(t *testing.T) {
	// An operator's files, made here by a local CA of another directory.
	roots, certFile, keyFile := certFiles(t, testHost)
	o := localOptions(t, t.TempDir(), hello("hi"))
	o.TLS = TLS{Files: &Files{Pairs: []CertKeyPair{{Cert: certFile, Key: keyFile}}}}
	s := start(t, o)
	if s.CACertPath() != "" || s.LeafSPKI() != "" {
		t.Error("Files mode reports a local CA")
	}
	got := peerCert(t, s, roots, testHost, "hi HTTP/2.0")
	if got.DNSNames[0] != testHost {
		t.Errorf("served %v", got.DNSNames)
	}
}

// certFiles issues a certificate for host from a throwaway local CA and
// writes it and its key as PEM files.
func certFiles(t testing.TB, host string) (roots *x509.CertPool, certFile, keyFile string) {
	t.Helper()
	dir := t.TempDir()
	ca, err := openLocalCA(dir, time.Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{DNSNames: []string{host}}, key)
	if err != nil {
		t.Fatal(err)
	}
	csr, _ := x509.ParseCertificateRequest(der)
	iss := &localIssuer{ca: ca, validity: time.Hour, allow: func(string) bool { return true }, now: time.Now, rand: rand.Reader}
	ic, err := iss.Issue(context.Background(), csr)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalPKCS8PrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "site.crt"), filepath.Join(dir, "site.key")
	if err := os.WriteFile(certFile, ic.Certificate, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	roots = x509.NewCertPool()
	roots.AddCert(ca.cert)
	return roots, certFile, keyFile
}
