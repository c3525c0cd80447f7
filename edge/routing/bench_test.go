package routing

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
)

// nopTransport answers every request at once, so that a benchmark measures
// the routing alone.
type nopTransport struct{}

func (nopTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: req}, nil
}

// BenchmarkRoundTrip is the routing overhead of one query: parse, table
// lookup, pick, body buffering, URL rewrite, metrics.
func BenchmarkRoundTrip(b *testing.B) {
	var subnets []Subnet
	for s := range 4 {
		var urls []*url.URL
		for n := range 13 {
			urls = append(urls, &url.URL{Scheme: "http", Host: fmt.Sprintf("10.0.%d.%d:8080", s, n)})
		}
		subnets = append(subnets, subnet(fmt.Sprint(s), Application, uint64(s)*1000, uint64(s)*1000+999, urls...))
	}
	r := newTestRouter(b, Options{Transport: nopTransport{}}, subnets...)
	path := "http://edge.invalid/api/v3/canister/" + canister(2500) + "/query"
	body := bytes.Repeat([]byte{0xa5}, 300)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, path, bytes.NewReader(body))
			resp, err := r.RoundTrip(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}

// BenchmarkPick chooses a node among a subnet's 13 and 40.
func BenchmarkPick(b *testing.B) {
	for _, n := range []int{13, 40} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var urls []*url.URL
			for i := range n {
				urls = append(urls, &url.URL{Scheme: "http", Host: fmt.Sprintf("10.0.0.%d:8080", i)})
			}
			r := newTestRouter(b, Options{Transport: nopTransport{}}, subnet("a", Application, 0, 9, urls...))
			nodes := r.snap.Load().all
			for i, nd := range nodes {
				nd.ewmaNanos.Store(int64(1+i) * 1e6)
			}
			b.ReportAllocs()
			for b.Loop() {
				if r.pick(nodes, nil) == nil {
					b.Fatal("no node")
				}
			}
		})
	}
}
