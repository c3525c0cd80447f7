package serve

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/quic-go/quic-go"
)

// TestHTTP3SlowHeadersAreCutOff is the slowloris test over QUIC: a client
// that opens a request stream and trickles a HEADERS frame that never
// completes loses its connection after about ReadHeader, and one that
// handshakes and never asks anything likewise; a connection that makes
// requests is kept.
func TestHTTP3SlowHeadersAreCutOff(t *testing.T) {
	s := start(t, limitOptions(t))
	roots := caPool(t, s)
	dial := func(t *testing.T) *quic.Conn {
		t.Helper()
		ctx, cancel := context.WithTimeout(t.Context(), timeScale(5*time.Second))
		defer cancel()
		c, err := quic.DialAddr(ctx, s.Addrs().HTTP3, &tls.Config{ServerName: testHost, RootCAs: roots, NextProtos: []string{"h3"}},
			&quic.Config{KeepAlivePeriod: 50 * time.Millisecond}) // keep the connection busy, as an attacker would
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.CloseWithError(0, "") })
		return c
	}
	closedWithin := func(t *testing.T, c *quic.Conn, d time.Duration) time.Duration {
		t.Helper()
		began := time.Now()
		select {
		case <-c.Context().Done():
			return time.Since(began)
		case <-time.After(timeScale(d)):
			t.Fatalf("the connection was still open after %v", d)
			return 0
		}
	}

	t.Run("trickled HEADERS frame", func(t *testing.T) {
		c := dial(t)
		str, err := c.OpenStreamSync(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		// HEADERS frame (type 0x01) announcing 200 bytes, sent a byte at a time.
		frame := append([]byte{0x01, 0x40, 0xc8}, make([]byte, 200)...)
		go func() {
			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			for i := range frame {
				select {
				case <-tick.C:
				case <-c.Context().Done():
					return
				}
				if _, err := str.Write(frame[i : i+1]); err != nil {
					return
				}
			}
		}()
		if d := closedWithin(t, c, 5*time.Second); d > timeScale(3*time.Second) {
			t.Errorf("cut off after %v, want about 300ms", d)
		}
	})

	t.Run("silent connection", func(t *testing.T) {
		closedWithin(t, dial(t), 5*time.Second)
	})

	t.Run("requests keep being served", func(t *testing.T) {
		client, tr := h3Client(s, roots)
		defer tr.Close()
		for i := 0; i < 3; i++ {
			resp, err := client.Get(urlFor(s, testHost, "/"))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.ProtoMajor != 3 {
				t.Fatalf("request %d: %s %d", i, resp.Proto, resp.StatusCode)
			}
		}
	})
}
