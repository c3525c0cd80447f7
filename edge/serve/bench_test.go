package serve

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"
)

// page is the 4 KiB in-memory body of the throughput benchmarks.
var page = bytes.Repeat([]byte("threshold edge. "), 256)

func pageHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		w.Write(page)
	})
}

// benchGet runs parallel GETs of the page through c.
func benchGet(b *testing.B, s *Server, c *http.Client) {
	url := urlFor(s, testHost, "/page")
	get := func() error {
		resp, err := c.Get(url)
		if err != nil {
			return err
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err == nil && (resp.StatusCode != 200 || n != int64(len(page))) {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	if err := get(); err != nil { // the certificate is issued here
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := get(); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkHTTP2Throughput(b *testing.B) {
	s := start(b, localOptions(b, b.TempDir(), pageHandler()))
	benchGet(b, s, tcpClient(s, caPool(b, s), false))
}

func BenchmarkHTTP3Throughput(b *testing.B) {
	s := start(b, localOptions(b, b.TempDir(), pageHandler()))
	c, tr := h3Client(s, caPool(b, s))
	defer tr.Close()
	benchGet(b, s, c)
}
