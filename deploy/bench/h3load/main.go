// Command h3load is the Go load client of deploy/bench/edge.sh. It runs the
// same closed-loop load over HTTP/2 (net/http) or HTTP/3 (quic-go), so the
// two protocols are compared from one client with one measurement method:
// -c connections, each with its own transport, each carrying -m requests
// at a time, for -d after a -warmup that is not counted.
//
//	h3load -proto h3 -connect 127.0.0.1:8443 -c 10 -m 10 -d 10s https://<id>.localhost:8443/4k.html
//
// -unique appends a distinct query parameter to every request, so that no
// two requests share a cache key. It prints one JSON object: requests,
// errors, status counts, requests per second and latency percentiles.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quic-go/quic-go"
	"github.com/quic-go/quic-go/http3"
)

// result is what one run prints.
type result struct {
	Proto    string         `json:"proto"`
	Conns    int            `json:"conns"`
	Streams  int            `json:"streams_per_conn"`
	Seconds  float64        `json:"seconds"`
	Requests int            `json:"requests"`
	Errors   int            `json:"errors"`
	Status   map[string]int `json:"status"`
	Bytes    int64          `json:"body_bytes"`
	RPS      float64        `json:"rps"`
	P50ms    float64        `json:"p50_ms"`
	P90ms    float64        `json:"p90_ms"`
	P99ms    float64        `json:"p99_ms"`
	MaxMs    float64        `json:"max_ms"`
	FirstErr string         `json:"first_error,omitempty"`
}

func main() {
	proto := flag.String("proto", "h2", "h2 (HTTP/2 over TLS) or h3 (HTTP/3 over QUIC)")
	connect := flag.String("connect", "", "host:port to dial instead of the URL's host (the URL still gives SNI and :authority)")
	conns := flag.Int("c", 10, "connections")
	streams := flag.Int("m", 10, "concurrent requests per connection")
	dur := flag.Duration("d", 10*time.Second, "measured duration")
	warmup := flag.Duration("warmup", 2*time.Second, "unmeasured warm-up before -d")
	unique := flag.Bool("unique", false, "append a distinct ?bench=N to every request")
	cacert := flag.String("cacert", "", "PEM roots to verify the server with (default: no verification)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: h3load [flags] URL")
		os.Exit(2)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "h3load: %v\n", err)
			os.Exit(1)
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	r, err := run(flag.Arg(0), *proto, *connect, *cacert, *conns, *streams, *warmup, *dur, *unique)
	if err != nil {
		fmt.Fprintf(os.Stderr, "h3load: %v\n", err)
		pprof.StopCPUProfile() // a no-op when not profiling
		os.Exit(1)
	}
	json.NewEncoder(os.Stdout).Encode(r)
}

// run drives the load and summarizes it.
func run(url, proto, connect, cacert string, conns, streams int, warmup, dur time.Duration, unique bool) (*result, error) {
	tlsConf := &tls.Config{InsecureSkipVerify: cacert == ""}
	if cacert != "" {
		pem, err := os.ReadFile(cacert)
		if err != nil {
			return nil, err
		}
		tlsConf.RootCAs = x509.NewCertPool()
		if !tlsConf.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("no certificate in %s", cacert)
		}
	}
	var w workers
	w.status = map[string]int{}
	start := time.Now()
	w.measureFrom = start.Add(warmup)
	w.end = w.measureFrom.Add(dur)
	sep := "?"
	if slices.Contains([]byte(url), '?') {
		sep = "&"
	}
	for range conns {
		rt, err := transport(proto, connect, tlsConf)
		if err != nil {
			return nil, err
		}
		defer closeTransport(rt)
		for range streams {
			w.wg.Add(1)
			go w.loop(rt, proto, func() string {
				if !unique {
					return url
				}
				return url + sep + "bench=" + strconv.FormatUint(w.seq.Add(1), 10)
			})
		}
	}
	w.wg.Wait()
	return w.summary(proto, conns, streams, dur), nil
}

// workers holds the shared counters of one run.
type workers struct {
	wg          sync.WaitGroup
	seq         atomic.Uint64
	measureFrom time.Time
	end         time.Time

	mu       sync.Mutex
	lat      []time.Duration
	status   map[string]int
	errors   int
	bytes    int64
	firstErr error
}

// loop sends one request after another on rt until the run ends.
func (w *workers) loop(rt http.RoundTripper, proto string, next func() string) {
	defer w.wg.Done()
	var lat []time.Duration
	status := map[string]int{}
	var errs int
	var bytes int64
	var firstErr error
	for {
		t0 := time.Now()
		if !t0.Before(w.end) {
			break
		}
		n, code, err := get(rt, next(), proto)
		t1 := time.Now()
		if t0.Before(w.measureFrom) || t1.After(w.end) {
			continue
		}
		if err != nil {
			errs++
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		status[strconv.Itoa(code)]++
		bytes += n
		lat = append(lat, t1.Sub(t0))
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lat = append(w.lat, lat...)
	for k, v := range status {
		w.status[k] += v
	}
	w.errors += errs
	w.bytes += bytes
	if w.firstErr == nil {
		w.firstErr = firstErr
	}
}

// get sends one GET and reads the body to the end.
func get(rt http.RoundTripper, url, proto string) (int64, int, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := rt.RoundTrip(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return n, 0, err
	}
	if want := map[string]int{"h2": 2, "h3": 3}[proto]; resp.ProtoMajor != want {
		return n, 0, fmt.Errorf("answer over %s, want HTTP/%d", resp.Proto, want)
	}
	return n, resp.StatusCode, nil
}

// transport returns a round tripper that holds one connection of proto.
func transport(proto, connect string, tlsConf *tls.Config) (http.RoundTripper, error) {
	switch proto {
	case "h2":
		var d net.Dialer
		t := &http.Transport{
			TLSClientConfig:     tlsConf.Clone(),
			DisableCompression:  true,
			MaxIdleConnsPerHost: 1,
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				if connect != "" {
					addr = connect
				}
				return d.DialContext(ctx, network, addr)
			},
		}
		t.Protocols = new(http.Protocols)
		t.Protocols.SetHTTP2(true)
		return t, nil
	case "h3":
		return &http3.Transport{
			TLSClientConfig:    tlsConf.Clone(),
			DisableCompression: true,
			QUICConfig:         &quic.Config{MaxIncomingStreams: 1000},
			Dial: func(ctx context.Context, addr string, tc *tls.Config, qc *quic.Config) (*quic.Conn, error) {
				if connect != "" {
					addr = connect
				}
				return quic.DialAddrEarly(ctx, addr, tc, qc)
			},
		}, nil
	}
	return nil, fmt.Errorf("unknown -proto %q: want h2 or h3", proto)
}

// closeTransport releases a transport's connections.
func closeTransport(rt http.RoundTripper) {
	switch t := rt.(type) {
	case *http.Transport:
		t.CloseIdleConnections()
	case *http3.Transport:
		t.Close()
	}
}

// summary computes the printed result.
func (w *workers) summary(proto string, conns, streams int, dur time.Duration) *result {
	slices.Sort(w.lat)
	pct := func(p float64) float64 {
		if len(w.lat) == 0 {
			return 0
		}
		i := min(len(w.lat)-1, int(p*float64(len(w.lat))))
		return float64(w.lat[i].Microseconds()) / 1000
	}
	r := &result{
		Proto: proto, Conns: conns, Streams: streams, Seconds: dur.Seconds(),
		Requests: len(w.lat), Errors: w.errors, Status: w.status, Bytes: w.bytes,
		RPS:   float64(len(w.lat)) / dur.Seconds(),
		P50ms: pct(0.50), P90ms: pct(0.90), P99ms: pct(0.99), MaxMs: pct(1),
	}
	if w.firstErr != nil {
		r.FirstErr = w.firstErr.Error()
	}
	return r
}
