package serve

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// h3Case is a handler and what a client must see of its response, over
// HTTP/3 (written by h3Response) and over HTTP/2 (net/http), alike.
type h3Case struct {
	name    string
	method  string
	handler http.HandlerFunc
	status  int
	body    string
	headers map[string]string // "" means absent
	fails   bool              // the client must get an error, not a response it takes for whole
	h3only  bool              // net/http's HTTP/2 server behaves otherwise
}

func h3Cases(long string, writeErrs *sync.Map) []h3Case {
	big := strings.Repeat("0123456789abcdef", 8<<10) // 128 KiB: more than h3BufferLimit
	record := func(name string, r *http.Request, err error) { writeErrs.Store(name+" "+r.Proto, fmt.Sprint(err)) }
	return []h3Case{
		{name: "sniffed small body gets a Content-Length", handler: func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "<html><body>hi</body></html>")
		}, status: 200, body: "<html><body>hi</body></html>",
			headers: map[string]string{"Content-Type": "text/html; charset=utf-8", "Content-Length": "28"}},
		{name: "page with a 2 KB header", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Ic-Certificate", long)
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Cache-Control", "no-store") // a static-table entry
			w.Header().Set("Vary", "Accept-Encoding")   // a static name with another value
			w.Write([]byte(big[:4096]))
		}, status: 200, body: big[:4096],
			headers: map[string]string{"Ic-Certificate": long, "Content-Type": "text/html", "Cache-Control": "no-store",
				"Vary": "Accept-Encoding", "Content-Length": "4096"}},
		{name: "one large write", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte(big))
		}, status: 200, body: big, headers: map[string]string{"Content-Length": ""}},
		{name: "many small writes past the buffer", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			for i := 0; i < len(big); i += 1000 {
				io.WriteString(w, big[i:min(i+1000, len(big))])
			}
		}, status: 200, body: big},
		{name: "declared Content-Length, large body", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(big)))
			w.Write([]byte(big))
		}, status: 200, body: big, headers: map[string]string{"Content-Length": strconv.Itoa(len(big))}},
		{name: "HEAD sends no body", method: http.MethodHead, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Length", "5")
			io.WriteString(w, "hello")
		}, status: 200, headers: map[string]string{"Content-Length": "5"}},
		{name: "304 refuses a body", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Etag", `"v1"`)
			w.WriteHeader(http.StatusNotModified)
			_, err := io.WriteString(w, "x")
			record("304", r, err)
		}, status: 304, headers: map[string]string{"Etag": `"v1"`, "Content-Length": ""}},
		{name: "204 refuses a body", handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNoContent)
			_, err := io.WriteString(w, "x")
			record("204", r, err)
		}, status: 204},
		{name: "a status outside the static table", handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusTeapot)
			io.WriteString(w, "teapot")
		}, status: 418, body: "teapot"},
		{name: "Early Hints before the answer", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", "</style.css>; rel=preload; as=style")
			w.Header().Set("Content-Length", "11") // the final answer's, not the hint's
			w.WriteHeader(http.StatusEarlyHints)
			io.WriteString(w, "after hints")
		}, status: 200, body: "after hints", headers: map[string]string{"Link": "</style.css>; rel=preload; as=style"}},
		{name: "Content-Length exceeded", h3only: true, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "3")
			_, err := io.WriteString(w, "four")
			record("exceeded", r, err)
			io.WriteString(w, "abc")
		}, status: 200, body: "abc"},
		{name: "fewer bytes than the Content-Length", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100")
			io.WriteString(w, "short")
		}, fails: true},
		{name: "a panic resets the stream", handler: func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "partial")
			panic(http.ErrAbortHandler)
		}, fails: true},
		{name: "fields a response must not carry", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Connection", "close")
			w.Header().Set("Transfer-Encoding", "chunked")
			w.Header()["X-Bad-Value"] = []string{"a\r\nInjected: yes"}
			w.Header()["Bad Name"] = []string{"v"}
			w.Header()["X-Lower"] = []string{"kept"}
			w.Header()["Date"] = nil // no Date, as net/http
			w.Header()["Set-Cookie"] = []string{"a=1", "b=2"}
			io.WriteString(w, "ok")
		}, status: 200, body: "ok", headers: map[string]string{"Connection": "", "Transfer-Encoding": "",
			"X-Bad-Value": "", "Injected": "", "Bad Name": "", "X-Lower": "kept", "Date": "", "Set-Cookie": "a=1"}},
		{name: "trailers", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Trailer", "X-Sum")
			io.WriteString(w, "body")
			w.Header().Set("X-Sum", "42")
			w.Header().Set(http.TrailerPrefix+"X-Late", "yes")
		}, status: 200, body: "body", headers: map[string]string{"X-Sum": ""}},
		{name: "large first write is sniffed", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("<!doctype html><p>" + big))
		}, status: 200, body: "<!doctype html><p>" + big, headers: map[string]string{"Content-Type": "text/html; charset=utf-8"}},
		{name: "HEAD is sniffed as GET", method: http.MethodHead, handler: func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "<html><body>hi</body></html>")
		}, status: 200, headers: map[string]string{"Content-Type": "text/html; charset=utf-8"}},
		{name: "fields that may not be trailers stay in the header", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Trailer", "Content-Length, Content-Type, X-T")
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "body")
			w.Header().Set("X-T", "t")
		}, status: 200, body: "body", headers: map[string]string{"Content-Type": "text/plain", "Content-Length": "4"}},
		{name: "runtime.Goexit cuts the answer off", handler: func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "partial")
			runtime.Goexit()
		}, fails: true},
		{name: "request body echoed", method: http.MethodPost, handler: func(w http.ResponseWriter, r *http.Request) {
			h := sha256.New()
			n, _ := io.Copy(h, r.Body)
			fmt.Fprintf(w, "%d %x", n, h.Sum(nil))
		}, status: 200, body: fmt.Sprintf("%d %x", len(big), sha256.Sum256([]byte(big)))},
	}
}

// TestHTTP3ResponsesMatchHTTP2 checks the edge's own HTTP/3 response writer
// against net/http's HTTP/2 server with the same handlers, through the
// same Server, with quic-go's client and net/http's.
func TestHTTP3ResponsesMatchHTTP2(t *testing.T) {
	long := strings.Repeat("2dn3o2R0cmVlgwGDAYMCSGNhbmlzdGVy", 64) // 2 KiB of base64, like IC-Certificate
	var writeErrs sync.Map
	cases := h3Cases(long, &writeErrs)
	mux := http.NewServeMux()
	for i, c := range cases {
		mux.HandleFunc("/"+strconv.Itoa(i), c.handler)
	}
	s := start(t, localOptions(t, t.TempDir(), mux))
	roots := caPool(t, s)
	h3, tr := h3Client(s, roots)
	defer tr.Close()
	h2 := tcpClient(s, roots, false)
	for i, c := range cases {
		for _, p := range []struct {
			name   string
			client *http.Client
		}{{"HTTP/3", h3}, {"HTTP/2", h2}} {
			if c.h3only && p.name != "HTTP/3" {
				continue // net/http's HTTP/2 server differs here
			}
			t.Run(c.name+"/"+p.name, func(t *testing.T) {
				method := c.method
				if method == "" {
					method = http.MethodGet
				}
				var body io.Reader
				if method == http.MethodPost {
					body = strings.NewReader(strings.Repeat("0123456789abcdef", 8<<10))
				}
				req, _ := http.NewRequest(method, urlFor(s, testHost, "/"+strconv.Itoa(i)), body)
				var early int
				var earlyHeader textproto.MIMEHeader
				req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
					Got1xxResponse: func(code int, h textproto.MIMEHeader) error { early, earlyHeader = code, h; return nil },
				}))
				resp, err := p.client.Do(req)
				var got []byte
				if err == nil {
					got, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				if c.fails {
					if err == nil {
						t.Fatalf("got a whole response (%d, %q), want an error", resp.StatusCode, got)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if resp.StatusCode != c.status || string(got) != c.body {
					t.Fatalf("got %d %.60q, want %d %.60q", resp.StatusCode, got, c.status, c.body)
				}
				for k, want := range c.headers {
					if v := resp.Header.Get(k); v != want {
						t.Errorf("%s: %.60q, want %.60q", k, v, want)
					}
				}
				if c.name == "trailers" && (resp.Trailer.Get("X-Sum") != "42" || resp.Trailer.Get("X-Late") != "yes") {
					t.Errorf("trailers %v", resp.Trailer)
				}
				if c.name == "fields a response must not carry" && len(resp.Header.Values("Set-Cookie")) != 2 {
					t.Errorf("Set-Cookie %q", resp.Header.Values("Set-Cookie"))
				}
				if c.name == "Early Hints before the answer" {
					if early != 103 || earlyHeader.Get("Link") == "" {
						t.Errorf("no 103 with its Link before the answer (got %d %v)", early, earlyHeader)
					}
					if p.name == "HTTP/3" && earlyHeader.Get("Content-Length") != "" {
						t.Errorf("the 103 carries Content-Length %q", earlyHeader.Get("Content-Length"))
					}
				}
			})
		}
	}
	for name, want := range map[string]error{
		"304 HTTP/3.0": http.ErrBodyNotAllowed, "304 HTTP/2.0": http.ErrBodyNotAllowed,
		"204 HTTP/3.0": http.ErrBodyNotAllowed, "204 HTTP/2.0": http.ErrBodyNotAllowed,
		// net/http's HTTP/2 server sends the excess, and its client
		// truncates it; the HTTP/3 writer refuses it, as HTTP/1.1 does.
		"exceeded HTTP/3.0": http.ErrContentLength,
	} {
		if got, _ := writeErrs.Load(name); got != want.Error() {
			t.Errorf("%s: Write returned %v, want %v", name, got, want)
		}
	}
	// The connection survived the resets: one more request on it.
	resp, err := h3.Get(urlFor(s, testHost, "/0"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// TestHTTP3FlushStreams checks that a flushed part of an HTTP/3 response
// reaches the client before the handler writes the rest.
func TestHTTP3FlushStreams(t *testing.T) {
	next := make(chan struct{})
	s := start(t, localOptions(t, t.TempDir(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "first;")
		w.(http.Flusher).Flush()
		<-next
		io.WriteString(w, "second")
	})))
	c, tr := h3Client(s, caPool(t, s))
	defer tr.Close()
	resp, err := c.Get(urlFor(s, testHost, "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := make([]byte, len("first;"))
	if _, err := io.ReadFull(resp.Body, buf); err != nil || string(buf) != "first;" {
		close(next)
		t.Fatalf("%q %v", buf, err)
	}
	close(next)
	rest, err := io.ReadAll(resp.Body)
	if err != nil || string(rest) != "second" {
		t.Fatalf("%q %v", rest, err)
	}
	if resp.ContentLength != -1 {
		t.Errorf("a flushed response has Content-Length %d", resp.ContentLength)
	}
}

// TestHTTP3ShortBodyIsNotWhole is the writer alone: a response shorter than
// its Content-Length ends in a reset, never a FIN.
func TestHTTP3ShortBodyIsNotWhole(t *testing.T) {
	s := start(t, localOptions(t, t.TempDir(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10")
		w.WriteHeader(200)
		w.(http.Flusher).Flush() // the header is out: only a reset can tell the client
		io.WriteString(w, "12345")
	})))
	c, tr := h3Client(s, caPool(t, s))
	defer tr.Close()
	// The reset may overtake the header: an error at Get is as good.
	resp, err := c.Get(urlFor(s, testHost, "/"))
	if err != nil {
		return
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil || errors.Is(err, io.EOF) {
		t.Fatalf("read %q with no error", b)
	}
}
