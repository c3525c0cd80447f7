package interop

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// browserPage is what edge-browser.mjs reports for one URL.
type browserPage struct {
	URL           string   `json:"url"`
	Status        int      `json:"status"`
	Protocol      string   `json:"protocol"`
	Title         string   `json:"title"`
	ConsoleErrors []string `json:"console_errors"`
	Failed        []string `json:"failed"`
	Error         string   `json:"error"`
	Screenshot    string   `json:"screenshot"`
	Resources     []struct {
		Name     string `json:"name"`
		Protocol string `json:"protocol"`
		Status   int    `json:"status"`
	} `json:"resources"`
	Fetched []struct {
		Path   string `json:"path"`
		Status int    `json:"status"`
		Bytes  int    `json:"bytes"`
	} `json:"fetched"`
}

// TestEdgeChromium loads the certified canister's pages in headless
// Chromium (playwright-core) over HTTP/2, trusting the local CA through an
// NSS database as `threshold trust` installs it, and over forced HTTP/3
// with the served leaf key pinned: the navigation and every sub-resource
// use the expected protocol and succeed, nothing is logged to the console,
// and the screenshot shows a rendered page.
func TestEdgeChromium(t *testing.T) {
	requireNodeModules(t)
	needTool(t, "chromium")
	certutil := needTool(t, "certutil")
	n := startEdgeNet(t)

	home := nssHome(t, certutil, n.ca)
	for _, tc := range chromiumProtocols(t, n) {
		t.Run(tc.name, func(t *testing.T) {
			shots := t.TempDir()
			var out struct {
				Pages []browserPage `json:"pages"`
			}
			node(t, "edge-browser.mjs", map[string]any{
				"urls": []string{n.url("/"), n.url("/large.html")},
				// *.localhost also resolves to ::1; the edge listens on
				// 127.0.0.1 only.
				"args":  append(tc.args, "--host-resolver-rules=MAP * 127.0.0.1"),
				"home":  home,
				"fetch": []string{"/data.json", "/about"}, "screenshot_dir": shots,
			}, &out)
			if len(out.Pages) != 2 {
				t.Fatalf("%d pages reported", len(out.Pages))
			}
			for _, p := range out.Pages {
				checkBrowserPage(t, p, tc.want)
			}
		})
	}
}

// nssHome returns a HOME whose NSS database (~/.pki/nssdb, where Chromium
// looks) trusts the CA, as `threshold trust` sets it up.
func nssHome(t *testing.T, certutil, ca string) string {
	t.Helper()
	home := t.TempDir()
	db := filepath.Join(home, ".pki", "nssdb")
	if err := os.MkdirAll(db, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-N", "-d", "sql:" + db, "--empty-password"},
		{"-A", "-d", "sql:" + db, "-n", "Threshold test CA", "-t", "C,,", "-i", ca},
	} {
		if out, err := exec.Command(certutil, args...).CombinedOutput(); err != nil {
			t.Fatalf("certutil %v: %v\n%s", args, err, out)
		}
	}
	return home
}

// chromiumProtocol is a way to make Chromium reach the edge, and the
// nextHopProtocol it must report.
type chromiumProtocol struct {
	name, want string
	args       []string
}

// chromiumProtocols are HTTP/2 (QUIC off, or Chromium may move to HTTP/3
// after the first Alt-Svc and the check would depend on timing) and
// HTTP/3 forced on the edge's origin, with the served leaf key pinned.
func chromiumProtocols(t *testing.T, n *edgeNet) []chromiumProtocol {
	origin := n.host() + ":" + n.httpsPort
	return []chromiumProtocol{
		{"HTTP/2", "h2", []string{"--disable-quic"}},
		{"forced HTTP/3", "h3", []string{"--enable-quic", "--origin-to-force-quic-on=" + origin,
			"--ignore-certificate-errors-spki-list=" + leafSPKI(t, origin, n.host())}},
	}
}

func checkBrowserPage(t *testing.T, p browserPage, proto string) {
	t.Helper()
	if p.Error != "" || p.Status != 200 {
		t.Fatalf("%s: status %d, %s", p.URL, p.Status, p.Error)
	}
	if p.Protocol != proto {
		t.Errorf("%s: nextHopProtocol %q, want %q", p.URL, p.Protocol, proto)
	}
	favicon404 := false
	for _, r := range p.Resources {
		if strings.HasSuffix(r.Name, "/favicon.ico") && r.Status == 404 {
			favicon404 = true // the canister has no icon: its certified 404
			continue
		}
		if r.Status != 200 || r.Protocol != proto {
			t.Errorf("%s: sub-resource %s: status %d over %q", p.URL, r.Name, r.Status, r.Protocol)
		}
	}
	for _, f := range p.Fetched {
		if f.Status != 200 || f.Bytes == 0 {
			t.Errorf("%s: fetch %s: status %d, %d bytes", p.URL, f.Path, f.Status, f.Bytes)
		}
	}
	for _, e := range p.ConsoleErrors {
		if favicon404 && strings.Contains(e, "status of 404") {
			continue
		}
		t.Errorf("%s: console error %q", p.URL, e)
	}
	if len(p.Failed) > 0 {
		t.Errorf("%s: failed requests %v", p.URL, p.Failed)
	}
	checkNotBlank(t, p.Screenshot)
}

// checkNotBlank fails when a screenshot is one flat color: the page did not
// render.
func checkNotBlank(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	b := img.Bounds()
	first := img.At(b.Min.X, b.Min.Y)
	fr, fg, fb, _ := first.RGBA()
	differ, total := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			total++
			if r != fr || g != fg || bl != fb {
				differ++
			}
		}
	}
	if differ*1000 < total { // under 0.1% of the pixels differ
		t.Errorf("screenshot %s is blank: %d of %d sampled pixels differ from the corner", path, differ, total)
	}
}

// leafSPKI is the base64 SHA-256 of the public key of the certificate the
// edge serves for host (every host shares the leaf key), the form
// Chromium's --ignore-certificate-errors-spki-list takes.
func leafSPKI(t *testing.T, addr, host string) string {
	t.Helper()
	_, port, _ := net.SplitHostPort(addr)
	d := &net.Dialer{Timeout: 5 * time.Second}
	conn, err := tls.DialWithDialer(d, "tcp", net.JoinHostPort("127.0.0.1", port),
		&tls.Config{ServerName: host, InsecureSkipVerify: true})
	if err != nil {
		t.Fatalf("TLS to the edge: %v", err)
	}
	defer conn.Close()
	sum := sha256.Sum256(conn.ConnectionState().PeerCertificates[0].RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// probedPage is a page edge-browser.mjs loaded, with what its "probe"
// element said.
type probedPage struct {
	browserPage
	Probe struct{ State, Text string } `json:"probe"`
}

// TestDemoSiteChromium loads the demo site that `threshold up` puts on the
// Go asset canister in headless Chromium through the edge, over HTTP/2 and
// forced HTTP/3: every page, style sheet, script and image loads, the
// page's script fetches the 3 MiB file the canister streams in chunks
// (which the edge verifies whole) and says so on the page, nothing is
// logged to the console, and the screenshots show rendered pages.
func TestDemoSiteChromium(t *testing.T) {
	requireNodeModules(t)
	needTool(t, "chromium")
	certutil := needTool(t, "certutil")
	n := demoSiteNet(t)
	home := nssHome(t, certutil, n.ca)
	// load opens urls and fetches the site's files from each page.
	load := func(t *testing.T, urls, args, fetch []string) []probedPage {
		var out struct {
			Pages []probedPage `json:"pages"`
		}
		node(t, "edge-browser.mjs", map[string]any{
			"urls": urls, "args": append(args, "--host-resolver-rules=MAP * 127.0.0.1"), "home": home,
			"fetch": fetch, "screenshot_dir": t.TempDir(), "probe": "#status",
		}, &out)
		if len(out.Pages) != len(urls) {
			t.Fatalf("%d pages reported", len(out.Pages))
		}
		return out.Pages
	}
	for _, tc := range chromiumProtocols(t, n) {
		t.Run(tc.name, func(t *testing.T) {
			pages := load(t, []string{n.url("/"), n.url("/about")}, tc.args, []string{"/css/site.css", "/img/tiles.png", "/no/such/page"})
			for _, p := range pages {
				checkBrowserPage(t, p.browserPage, tc.want)
			}
			home := pages[0]
			checkDemoStart(t, home)
			streamed := false
			for _, r := range home.Resources {
				streamed = streamed || strings.HasSuffix(r.Name, "/media/noise.bin")
			}
			if !streamed {
				t.Error("the page's script did not fetch the large file")
			}
		})
	}
	// The dfx-style URL: the canister in ?canisterId= on the apex, and the
	// page's path-only sub-resources and fetches find it through the
	// Referer Chromium sends (same origin: the whole URL).
	t.Run("dfx-style ?canisterId= over HTTP/2", func(t *testing.T) {
		p := load(t, []string{"https://localhost:" + n.httpsPort + "/?canisterId=" + n.canister},
			[]string{"--disable-quic"}, []string{"/css/site.css", "/img/tiles.png"})[0]
		checkBrowserPage(t, p.browserPage, "h2")
		checkDemoStart(t, p)
	})
}

// checkDemoStart checks what the demo site's start page loaded and what its
// script reports.
func checkDemoStart(t *testing.T, p probedPage) {
	t.Helper()
	if len(p.Resources) < 5 {
		t.Errorf("the start page loaded %d sub-resources, want its style sheet, script, images and large file", len(p.Resources))
	}
	if p.Probe.State != "ok" || !strings.Contains(p.Probe.Text, "3,145,728 bytes") {
		t.Errorf("the page reports %q: %q", p.Probe.State, p.Probe.Text)
	}
}
