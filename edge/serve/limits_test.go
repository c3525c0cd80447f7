package serve

import (
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// limitOptions are local-CA options with short header timeouts.
func limitOptions(t *testing.T) Options {
	o := localOptions(t, t.TempDir(), hello("hi"))
	o.Timeouts.ReadHeader = 300 * time.Millisecond
	o.MaxHeaderBytes = 4 << 10
	return o
}

func TestSlowlorisIsCutOff(t *testing.T) {
	s := start(t, limitOptions(t))
	roots := caPool(t, s)

	t.Run("headers byte by byte", func(t *testing.T) {
		conn, err := tls.Dial("tcp", s.Addrs().HTTPS, &tls.Config{ServerName: testHost, RootCAs: roots, NextProtos: []string{"http/1.1"}})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		req := "GET / HTTP/1.1\r\nHost: " + testHost + "\r\n" + strings.Repeat("X-Slow: 1\r\n", 100) + "\r\n"
		began := time.Now()
		tick := time.NewTicker(20 * time.Millisecond) // the attacker's pace
		defer tick.Stop()
		for i := 0; i < len(req); i++ {
			<-tick.C
			if _, err := conn.Write([]byte{req[i]}); err != nil {
				break // cut off
			}
			if time.Since(began) > timeScale(5*time.Second) {
				t.Fatal("the server kept reading slow headers for 5s")
			}
		}
		conn.SetReadDeadline(time.Now().Add(timeScale(5 * time.Second)))
		b, err := io.ReadAll(conn)
		if strings.Contains(string(b), "200 OK") {
			t.Fatalf("the slow request was served: %q", b)
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatal("the connection was still open 5s after the slow headers")
		}
		if d := time.Since(began); d > timeScale(3*time.Second) {
			t.Errorf("cut off after %v, want about 300ms", d)
		}
	})

	t.Run("silent TCP connection", func(t *testing.T) {
		conn, err := net.Dial("tcp", s.Addrs().HTTPS)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetReadDeadline(time.Now().Add(timeScale(5 * time.Second)))
		_, err = io.ReadAll(conn)
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatal("a connection that never sent a ClientHello stayed open 5s")
		}
	})
}

func TestOversizedHeadersGet431(t *testing.T) {
	s := start(t, limitOptions(t))
	big := strings.Repeat("a", 64<<10)

	t.Run("HTTP/1.1", func(t *testing.T) {
		req, _ := http.NewRequest("GET", urlFor(s, testHost, "/"), nil)
		req.Header.Set("X-Big", big)
		resp, err := tcpClient(s, caPool(t, s), true).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Fatalf("status %d, want 431", resp.StatusCode)
		}
	})
	t.Run("HTTP/2 with curl", func(t *testing.T) {
		// Go's HTTP/2 server answers 431 to a header list moderately
		// over the limit and closes the connection on one far over it
		// (a single field over the limit, or a block over twice it).
		args := []string{"--http2", "-o", "/dev/null", "-w", "%{http_code} %{http_version}"}
		for _, name := range []string{"X-A", "X-B", "X-C"} {
			args = append(args, "-H", name+": "+big[:2000])
		}
		out, err := curl(t, s, testHost, append(args, urlFor(s, testHost, "/"))...)
		if err != nil {
			t.Fatalf("curl: %v %s", err, out)
		}
		if out != "431 2" {
			t.Fatalf("curl: %q, want 431 over HTTP/2", out)
		}
	})
	t.Run("small headers pass", func(t *testing.T) {
		req, _ := http.NewRequest("GET", urlFor(s, testHost, "/"), nil)
		req.Header.Set("X-Small", big[:1<<10])
		resp, err := tcpClient(s, caPool(t, s), false).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
}
