// Command origin is the bare baseline of deploy/bench/edge.sh: a net/http
// TLS server (HTTP/1.1 and HTTP/2) and, on the same UDP port, a quic-go
// HTTP/3 server, that answer every request with the same bytes from memory,
// with no routing, cache or verification.
//
//	origin -gencert DIR            write DIR/cert.pem and DIR/key.pem (P-256, self-signed)
//	origin -freeport               print a port free on 127.0.0.1 for TCP and UDP
//	origin -file F -cert C -key K  serve F on 127.0.0.1:0 and print "listening on ADDR"
//
// The certificate it generates is also given to Caddy, so that both
// baselines and the edge (whose local CA issues P-256 leaves) do the same
// TLS work.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/quic-go/quic-go/http3"
)

func main() {
	gencert := flag.String("gencert", "", "write cert.pem and key.pem into this directory and exit")
	freeport := flag.Bool("freeport", false, "print a free port on 127.0.0.1 (TCP and UDP) and exit")
	file := flag.String("file", "", "the file to serve for every path")
	cert := flag.String("cert", "", "certificate chain, PEM")
	key := flag.String("key", "", "private key, PEM")
	ctype := flag.String("type", "text/html", "Content-Type of the answer")
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	headers := flag.String("headers", "", "a header block (curl -D output) whose fields every answer repeats, "+
		"so that this server writes the same answer as the server it was captured from")
	timeouts := flag.Bool("timeouts", false, "use the edge's default server timeouts (per-stream read and write, "+
		"HTTP/2 write-byte and ping), to show what they cost a bare server")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		stop, err := startProfile(*cpuprofile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "origin: %v\n", err)
			os.Exit(1)
		}
		defer stop()
	}
	var err error
	switch {
	case *gencert != "":
		err = writeCert(*gencert)
	case *freeport:
		var p int
		if p, err = freePort(); err == nil {
			fmt.Println(p)
		}
	default:
		err = serve(*addr, *file, *cert, *key, *ctype, *headers, *timeouts)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "origin: %v\n", err)
		os.Exit(1)
	}
}

// startProfile starts a CPU profile written to name; the function it
// returns stops it.
func startProfile(name string) (func(), error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// serve answers every request with the file's bytes until SIGINT or SIGTERM.
func serve(addr, file, certFile, keyFile, ctype, headerFile string, timeouts bool) error {
	if file == "" || certFile == "" || keyFile == "" {
		return errors.New("-file, -cert and -key are required")
	}
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return fmt.Errorf("loading the key pair: %w", err)
	}
	length := strconv.Itoa(len(body))
	extra, err := readHeaders(headerFile)
	if err != nil {
		return err
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range extra {
			w.Header()[k] = v
		}
		w.Header()["Content-Type"] = []string{ctype}
		w.Header()["Content-Length"] = []string{length}
		if r.Method != http.MethodHead {
			w.Write(body)
		}
	})
	srv := &http.Server{
		Handler:           h,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{pair}, NextProtos: []string{"h2", "http/1.1"}},
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	if timeouts { // edge/serve's defaults
		srv.ReadTimeout, srv.WriteTimeout = 60*time.Second, 120*time.Second
		srv.HTTP2 = &http.HTTP2Config{MaxConcurrentStreams: 250, SendPingTimeout: 60 * time.Second, WriteByteTimeout: 120 * time.Second}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	pc, err := net.ListenPacket("udp", ln.Addr().String())
	if err != nil {
		return fmt.Errorf("HTTP/3 on the same port: %w", err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	h3 := &http3.Server{
		Handler:   h,
		TLSConfig: http3.ConfigureTLSConfig(&tls.Config{Certificates: []tls.Certificate{pair}}),
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		h3.Close()
	}()
	go h3.Serve(pc)
	if err := srv.ServeTLS(ln, "", ""); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// readHeaders reads the fields of a captured header block, leaving out
// those the server writes itself (status line, Date, Content-Length,
// Content-Type). An empty name reads nothing.
func readHeaders(name string) (http.Header, error) {
	h := http.Header{}
	if name == "" {
		return h, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(strings.TrimRight(line, "\r"), ":")
		if !ok || strings.HasPrefix(k, "HTTP/") {
			continue
		}
		switch k = http.CanonicalHeaderKey(strings.TrimSpace(k)); k {
		case "Date", "Content-Length", "Content-Type":
			continue
		}
		h[k] = append(h[k], strings.TrimSpace(v))
	}
	return h, nil
}

// writeCert writes a self-signed P-256 certificate for localhost,
// *.localhost and 127.0.0.1, valid for a day.
func writeCert(dir string) error {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()),
		Subject:      pkix.Name{CommonName: "threshold bench"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		DNSNames:     []string{"localhost", "*.localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		return err
	}
	kder, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
}

// freePort returns a port that is free on 127.0.0.1 for both TCP and UDP
// at the time of the call (Caddy needs both for HTTP/3).
func freePort() (int, error) {
	for range 20 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		p := ln.Addr().(*net.TCPAddr).Port
		pc, err := net.ListenPacket("udp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		ln.Close()
		if err == nil {
			pc.Close()
			return p, nil
		}
	}
	return 0, errors.New("no port free for both TCP and UDP")
}
