package serve

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// acmeHost is the name obtained from Pebble; Pebble's DNS (a
// pebble-challtestsrv) answers 127.0.0.1 for it.
const acmeHost = "site.threshold.test"

// TestACMEWithPebble obtains certificates from a real ACME server (Debian's
// pebble) through each challenge; Pebble's validation authority connects
// to the edge's own HTTP and HTTPS ports.
func TestACMEWithPebble(t *testing.T) {
	for _, tc := range []struct {
		name            string
		http01, tlsalpn bool
	}{
		{"HTTP-01", true, false},
		{"TLS-ALPN-01", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pebbleBin := needTool(t, "pebble")
			challBin := needTool(t, "pebble-challtestsrv")
			roots, certFile, keyFile := certFiles(t, "localhost")
			caFile := filepath.Join(filepath.Dir(certFile), "ca", "root.crt")
			dnsAddr := freeUDPAddr(t)
			startProcess(t, "Starting management server", challBin,
				"-dns01", dnsAddr, "-http01", "", "-https01", "", "-tlsalpn01", "",
				"-management", freeTCPAddr(t), "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "")

			dirAddr, mgmtAddr := freeTCPAddr(t), freeTCPAddr(t)
			o := localOptions(t, t.TempDir(), hello("acme"))
			o.TLS = TLS{ACME: &ACME{
				CA:          "https://localhost:" + port(dirAddr) + "/dir",
				Email:       "ops@threshold.test",
				HTTP01:      tc.http01,
				TLSALPN01:   tc.tlsalpn,
				StorageDir:  t.TempDir(),
				RootCAFiles: []string{caFile},
			}}
			o.Allow = func(h string) bool { return h == acmeHost }
			s := start(t, o)

			cfg := map[string]any{"pebble": map[string]any{
				"listenAddress":           dirAddr,
				"managementListenAddress": mgmtAddr,
				"certificate":             certFile,
				"privateKey":              keyFile,
				"httpPort":                mustAtoi(port(s.Addrs().HTTP)),
				"tlsPort":                 mustAtoi(port(s.Addrs().HTTPS)),
				"ocspResponderURL":        "",
			}}
			cfgFile := filepath.Join(t.TempDir(), "pebble.json")
			b, _ := json.Marshal(cfg)
			if err := os.WriteFile(cfgFile, b, 0o644); err != nil {
				t.Fatal(err)
			}
			startProcess(t, "ACME directory available", pebbleBin, "-config", cfgFile, "-dnsserver", dnsAddr)

			// Pebble prints its "listening" lines just before it binds, so
			// its two HTTPS servers are polled until they answer.
			pebbleRoots := fetchPebbleRoot(t, mgmtAddr, roots)
			getRetrying(t, "https://localhost:"+port(dirAddr)+"/dir", roots)
			c := tcpClient(s, pebbleRoots, false)
			resp, err := c.Get(urlFor(s, acmeHost, "/"))
			if err != nil {
				t.Fatalf("handshake with an ACME certificate: %v", err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(body) != "acme HTTP/2.0" {
				t.Fatalf("body %q", body)
			}
			leaf := resp.TLS.PeerCertificates[0]
			if len(leaf.DNSNames) != 1 || leaf.DNSNames[0] != acmeHost {
				t.Errorf("certificate for %v", leaf.DNSNames)
			}
			if _, err := tls.Dial("tcp", s.Addrs().HTTPS, &tls.Config{ServerName: "other.threshold.test", RootCAs: pebbleRoots}); err == nil {
				t.Error("a certificate was obtained for a name Allow refuses")
			}
		})
	}
}

// fetchPebbleRoot gets the root Pebble made at start from its management
// interface (whose TLS certificate roots vouch for).
func fetchPebbleRoot(t *testing.T, mgmtAddr string, roots *x509.CertPool) *x509.CertPool {
	t.Helper()
	b := getRetrying(t, "https://localhost:"+port(mgmtAddr)+"/roots/0", roots)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		t.Fatalf("no root from Pebble: %q", b)
	}
	return pool
}

// getRetrying GETs url until it answers 200, for servers that give no
// readiness signal.
func getRetrying(t *testing.T, url string, roots *x509.CertPool) []byte {
	t.Helper()
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, DisableKeepAlives: true},
		Timeout: timeScale(10 * time.Second)}
	deadline := time.Now().Add(timeScale(20 * time.Second))
	for backoff := 5 * time.Millisecond; ; backoff *= 2 {
		resp, err := c.Get(url)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return b
			}
			err = fmt.Errorf("%s: %s", resp.Status, b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never answered: %v", url, err)
		}
		time.Sleep(min(backoff, 200*time.Millisecond))
	}
}

// startProcess runs a tool until the test ends and returns once it has
// printed ready (its own "listening" line).
func startProcess(t *testing.T, ready, bin string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "PEBBLE_VA_NOSLEEP=1", "PEBBLE_WFE_NONCEREJECT=0")
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); pw.Close(); close(exited) }()
	t.Cleanup(func() { cancel(); <-exited })
	lines := make(chan string)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	timeout := time.After(timeScale(20 * time.Second))
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("%s exited before it was ready:\n%s", bin, log.String())
			}
			fmt.Fprintln(&log, l)
			if strings.Contains(l, ready) {
				go func() {
					for range lines { // keep draining its output
					}
				}()
				return
			}
		case <-timeout:
			t.Fatalf("%s not ready after 20s:\n%s", bin, log.String())
		}
	}
}

// freeTCPAddr and freeUDPAddr name a port free now on 127.0.0.1, for
// tools that take an address rather than a listener.
func freeTCPAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func freeUDPAddr(t *testing.T) string {
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().String()
}

func mustAtoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}
