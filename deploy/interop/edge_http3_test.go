package interop

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// gtlsStatus matches the response status gtlsclient logs per stream.
var gtlsStatus = regexp.MustCompile(`http: stream 0x([0-9a-f]+) \[:status: (\d+)\]`)

// TestEdgeHTTP3 fetches pages of the certified canister over HTTP/3 with
// ngtcp2's gtlsclient (GnuTLS), on the port the HTTPS listener and Alt-Svc
// name: a small page, the large page the canister streams in four chunks
// (byte-equal to what HTTP/2 gets), and the canister's certified 404.
func TestEdgeHTTP3(t *testing.T) {
	bin := needTool(t, "gtlsclient")
	n := startEdgeNet(t)
	c := edgeClient(t, false, n.ca)
	large := mustGet(t, c, n.url("/large.html"))
	if large.status != 200 || large.proto != "HTTP/2.0" || len(large.body) < 50_000 {
		t.Fatalf("large page over HTTP/2: %d %s, %d bytes", large.status, large.proto, len(large.body))
	}

	dl := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// One connection, three streams: 0x0, 0x4, 0x8 in the order of the URIs.
	cmd := exec.CommandContext(ctx, bin, "--exit-on-all-streams-close", "--sni="+n.host(),
		"--download="+dl, "--timeout=10s", "--handshake-timeout=10s",
		"127.0.0.1", n.httpsPort, n.url("/about"), n.url("/large.html"), n.url("/missing"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("gtlsclient: %v\n%.3000s", err, out.String())
	}
	status := map[string]string{}
	for _, m := range gtlsStatus.FindAllStringSubmatch(out.String(), -1) {
		status[m[1]] = m[2]
	}
	for stream, want := range map[string]string{"0": "200", "4": "200", "8": "404"} {
		if status[stream] != want {
			t.Errorf("stream 0x%s: status %q, want %s (all: %v)", stream, status[stream], want, status)
		}
	}
	about, err := os.ReadFile(filepath.Join(dl, "about"))
	if err != nil || !bytes.Contains(about, []byte("<h1>About</h1>")) {
		t.Errorf("/about over HTTP/3: %q, %v", about, err)
	}
	got, err := os.ReadFile(filepath.Join(dl, "large.html"))
	if err != nil || string(got) != large.body {
		t.Errorf("/large.html over HTTP/3: %d bytes (%v), want the %d bytes HTTP/2 got", len(got), err, len(large.body))
	}
	if !bytes.Contains(out.Bytes(), []byte("[ic-certificate: certificate=:")) {
		t.Error("no IC-Certificate header over HTTP/3")
	}
}
