package assets_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/threshold-ic/threshold/assets"
	"github.com/threshold-ic/threshold/assets/demo"
	"github.com/threshold-ic/threshold/assets/upload"
	"github.com/threshold-ic/threshold/assets/wire"
	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/identity"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/localnet"
)

// site is an asset canister on a running local network, with the demo
// site synced into it.
type site struct {
	t      *testing.T
	net    *localnet.Network
	admin  *agent.Agent
	id     principal.Principal
	folder string
	files  map[string][]byte
}

func startSite(t *testing.T) *site {
	t.Helper()
	ctx := context.Background()
	net, err := localnet.Start(ctx, localnet.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { net.Close() })
	admin, err := net.Admin()
	if err != nil {
		t.Fatal(err)
	}
	id, err := admin.CreateCanister(ctx, agent.CreateOptions{EffectiveCanisterID: net.FirstAppCanister()})
	if err != nil {
		t.Fatal(err)
	}
	if did, err := assets.Install(ctx, admin, id); err != nil || did != assets.Fresh {
		t.Fatalf("Install = %v, %v; want installed", did, err)
	}
	if did, err := assets.Install(ctx, admin, id); err != nil || did != assets.Unchanged {
		t.Fatalf("second Install = %v, %v; want unchanged", did, err)
	}
	folder := t.TempDir()
	if err := demo.Write(folder); err != nil {
		t.Fatal(err)
	}
	files, err := demo.Files()
	if err != nil {
		t.Fatal(err)
	}
	s := &site{t: t, net: net, admin: admin, id: id, folder: folder, files: files}
	rep, err := upload.Sync(ctx, assets.Canister(admin, id), folder, upload.Options{})
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	t.Logf("first sync: %+v", rep)
	return s
}

// get asks the canister for url and follows its streaming callback to the
// end, then verifies the answer with certify/httpcert against the
// network's root key, with verification version v (1 or 2).
func (s *site) get(url string, v int, headers ...wire.HeaderField) (wire.HTTPResponse, httpcert.Result, error) {
	s.t.Helper()
	ctx := context.Background()
	req := wire.HTTPRequest{Method: "GET", URL: url, Headers: headers}
	if v == 2 {
		two := uint16(2)
		req.CertificateVersion = &two
	}
	arg, err := wire.HTTPRequestMethod.EncodeArgs(req)
	if err != nil {
		s.t.Fatal(err)
	}
	out, err := s.admin.Query(ctx, s.id, "http_request", arg)
	if err != nil {
		s.t.Fatalf("http_request %s: %v", url, err)
	}
	resp, err := wire.HTTPRequestMethod.DecodeResult(out)
	if err != nil {
		s.t.Fatalf("http_request %s: %v", url, err)
	}
	for tok := resp.StreamingToken; tok != nil; {
		arg, err := wire.HTTPRequestStreamingCallbackMethod.EncodeArgs(*tok)
		if err != nil {
			s.t.Fatal(err)
		}
		out, err := s.admin.Query(ctx, s.id, "http_request_streaming_callback", arg)
		if err != nil {
			s.t.Fatalf("streaming %s: %v", url, err)
		}
		next, err := wire.HTTPRequestStreamingCallbackMethod.DecodeResult(out)
		if err != nil || next == nil {
			s.t.Fatalf("streaming %s: %v (answer %v)", url, err, next)
		}
		resp.Body = append(resp.Body, next.Body...)
		tok = next.Token
	}
	res, verr := httpcert.VerifyRequestResponse(
		httpcert.Request{Method: req.Method, URL: url, Headers: convert(headers)},
		httpcert.Response{StatusCode: resp.StatusCode, Headers: convert(resp.Headers), Body: resp.Body},
		s.id.Bytes(), time.Now(), 5*time.Minute, s.net.RootKey(), v, httpcert.Options{})
	return resp, res, verr
}

func convert(hs []wire.HeaderField) []httpcert.HeaderField {
	out := make([]httpcert.HeaderField, len(hs))
	for i, h := range hs {
		out[i] = httpcert.HeaderField{Name: h.Name, Value: h.Value}
	}
	return out
}

func header(hs []wire.HeaderField, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// decoded undoes the answer's Content-Encoding.
func decoded(t *testing.T, resp wire.HTTPResponse) []byte {
	t.Helper()
	var r io.Reader
	switch enc := header(resp.Headers, "Content-Encoding"); enc {
	case "", "identity":
		return resp.Body
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(resp.Body))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(bytes.NewReader(resp.Body))
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDemoSiteServedAndCertified syncs the demo site into the Go asset
// canister running in a local network and checks every file in every
// encoding with both certification versions, plus the fallback and alias
// answers, each verified against the network's root key.
func TestDemoSiteServedAndCertified(t *testing.T) {
	s := startSite(t)
	for name, want := range s.files {
		if strings.HasPrefix(name, ".ic-assets") {
			continue
		}
		url := "/" + name
		for _, v := range []int{2, 1} {
			for _, enc := range []string{"identity", "gzip", "br"} {
				resp, res, err := s.get(url, v, wire.HeaderField{Name: "Accept-Encoding", Value: enc})
				if err != nil {
					t.Errorf("%s v%d %s: not verified: %v", url, v, enc, err)
					continue
				}
				if resp.StatusCode != 200 || res.Version != v || !res.Certified {
					t.Errorf("%s v%d %s: status %d, verified as v%d certified=%v", url, v, enc, resp.StatusCode, res.Version, res.Certified)
				}
				if got := decoded(t, resp); !bytes.Equal(got, want) {
					t.Errorf("%s v%d %s: %d bytes, want the file's %d", url, v, enc, len(got), len(want))
				}
			}
		}
	}
	for url, file := range map[string]string{"/about": "about.html", "/no/such/page": "index.html", "/": "index.html"} {
		for _, v := range []int{2, 1} {
			resp, _, err := s.get(url, v)
			if err != nil {
				t.Errorf("%s v%d: %v", url, v, err)
				continue
			}
			if !bytes.Equal(decoded(t, resp), s.files[file]) {
				t.Errorf("%s v%d: not the content of %s", url, v, file)
			}
		}
	}
	// A tampered answer fails verification.
	resp, _, err := s.get("/css/site.css", 2)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body = append(bytes.Clone(resp.Body), ' ')
	if _, err := httpcert.VerifyRequestResponse(httpcert.Request{Method: "GET", URL: "/css/site.css"},
		httpcert.Response{StatusCode: resp.StatusCode, Headers: convert(resp.Headers), Body: resp.Body},
		s.id.Bytes(), time.Now(), 5*time.Minute, s.net.RootKey(), 2, httpcert.Options{}); err == nil {
		t.Error("a changed body passed verification")
	}
}

// TestSyncUploadsOnlyChanges syncs twice without a change (nothing goes
// up), then changes, adds and removes files.
func TestSyncUploadsOnlyChanges(t *testing.T) {
	s := startSite(t)
	ctx := context.Background()
	c := assets.Canister(s.admin, s.id)
	rep, err := upload.Sync(ctx, c, s.folder, upload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.ContentBytes != 0 || rep.Chunks != 0 {
		t.Errorf("a sync without changes uploaded %d bytes in %d chunks", rep.ContentBytes, rep.Chunks)
	}
	write(t, filepath.Join(s.folder, "about.html"), "<!doctype html><title>changed</title>")
	write(t, filepath.Join(s.folder, "new.txt"), "new file")
	if err := os.Remove(filepath.Join(s.folder, "js", "app.js")); err != nil {
		t.Fatal(err)
	}
	if _, err := upload.Sync(ctx, c, s.folder, upload.Options{}); err != nil {
		t.Fatal(err)
	}
	if resp, _, err := s.get("/about.html", 2); err != nil || !strings.Contains(string(decoded(t, resp)), "changed") {
		t.Errorf("/about.html after the change: %v", err)
	}
	if resp, _, err := s.get("/new.txt", 2); err != nil || string(decoded(t, resp)) != "new file" {
		t.Errorf("/new.txt: %v", err)
	}
	// A removed file falls back to the index page, still certified.
	if resp, _, err := s.get("/js/app.js", 2); err != nil || !bytes.Equal(decoded(t, resp), s.files["index.html"]) {
		t.Errorf("/js/app.js after removal: %v", err)
	}
}

// cancelling is a canister whose context is cancelled by the first chunk
// upload: the sync is interrupted half way.
type cancelling struct {
	upload.Canister
	cancel context.CancelFunc
}

func (c cancelling) Call(ctx context.Context, method string, arg []byte) ([]byte, error) {
	if method == "create_chunks" || method == "create_chunk" {
		c.cancel()
		return nil, ctx.Err()
	}
	return c.Canister.Call(ctx, method, arg)
}

// TestInterruptedSyncKeepsTheOldSite interrupts a sync in the middle of
// its upload: the old content stays served, and the next sync completes.
func TestInterruptedSyncKeepsTheOldSite(t *testing.T) {
	s := startSite(t)
	write(t, filepath.Join(s.folder, "index.html"), "<!doctype html><title>new version</title>")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := upload.Sync(ctx, cancelling{assets.Canister(s.admin, s.id), cancel}, s.folder, upload.Options{Retries: -1})
	if err == nil {
		t.Fatal("an interrupted sync reported success")
	}
	resp, _, verr := s.get("/index.html", 2)
	if verr != nil || !bytes.Equal(decoded(t, resp), s.files["index.html"]) {
		t.Fatalf("after the interrupted sync the old page is not served (%v)", verr)
	}
	if _, err := upload.Sync(context.Background(), assets.Canister(s.admin, s.id), s.folder, upload.Options{}); err != nil {
		t.Fatal(err)
	}
	if resp, _, err := s.get("/index.html", 2); err != nil || !strings.Contains(string(decoded(t, resp)), "new version") {
		t.Errorf("after the next sync: %v", err)
	}
}

// TestUpgradeKeepsContent upgrades the canister (same module, through
// pre_upgrade and post_upgrade) and checks that the site is still served
// and certified.
func TestUpgradeKeepsContent(t *testing.T) {
	s := startSite(t)
	if err := s.admin.InstallCode(context.Background(), s.id, agent.ModeUpgrade, assets.Wasm(), []byte("DIDL\x00\x00")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "media/noise.bin", "img/tiles.png"} {
		resp, _, err := s.get("/"+name, 2)
		if err != nil || !bytes.Equal(decoded(t, resp), s.files[name]) {
			t.Errorf("/%s after the upgrade: %v", name, err)
		}
	}
}

// TestOnlyPermittedPrincipalsChangeContent: a stranger can read but not
// change anything; once authorized, it can.
func TestOnlyPermittedPrincipalsChangeContent(t *testing.T) {
	s := startSite(t)
	ctx := context.Background()
	seed := bytes.Repeat([]byte{7}, ed25519.SeedSize)
	id, err := identity.NewEd25519(seed)
	if err != nil {
		t.Fatal(err)
	}
	stranger, err := agent.New(agent.Config{URL: s.net.APIURL, Identity: id, RootKey: s.net.RootKey()})
	if err != nil {
		t.Fatal(err)
	}
	must := func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var reject *agent.RejectError
	for method, arg := range map[string][]byte{
		"create_batch": must(wire.CreateBatchMethod.EncodeArgs(struct{}{})),
		"store": must(wire.StoreMethod.EncodeArgs(wire.StoreArguments{Key: "/x.txt", ContentType: "text/plain",
			ContentEncoding: "identity", Content: []byte("x")})),
		"delete_asset": must(wire.DeleteAssetMethod.EncodeArgs(wire.DeleteAssetArguments{Key: "/index.html"})),
		"clear":        must(wire.ClearMethod.EncodeArgs(struct{}{})),
		"authorize":    must(wire.AuthorizeMethod.EncodeArgs(id.Sender().Bytes())),
	} {
		if _, err := stranger.Call(ctx, s.id, method, arg, agent.CallOptions{}); !errors.As(err, &reject) {
			t.Errorf("%s by a stranger: %v, want a reject", method, err)
		}
	}
	if _, _, err := s.get("/index.html", 2); err != nil {
		t.Errorf("reading after the refused changes: %v", err)
	}
	write(t, filepath.Join(s.folder, "index.html"), "<!doctype html><title>defaced</title>")
	if _, err := upload.Sync(ctx, assets.Canister(stranger, s.id), s.folder, upload.Options{Retries: -1}); err == nil {
		t.Error("a stranger's sync succeeded")
	}
	if resp, _, err := s.get("/index.html", 2); err != nil || !bytes.Equal(decoded(t, resp), s.files["index.html"]) {
		t.Errorf("the page changed after a stranger's sync (%v)", err)
	}
	if _, err := s.admin.Call(ctx, s.id, "authorize", must(wire.AuthorizeMethod.EncodeArgs(id.Sender().Bytes())), agent.CallOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := upload.Sync(ctx, assets.Canister(stranger, s.id), s.folder, upload.Options{}); err != nil {
		t.Fatalf("an authorized sync failed: %v", err)
	}
	if resp, _, err := s.get("/index.html", 2); err != nil || !strings.Contains(string(decoded(t, resp)), "defaced") {
		t.Errorf("the authorized sync did not land (%v)", err)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestInstallUpgradesOnlyItsOwnModule: Install upgrades a canister running
// another build of the asset canister (the site survives) and refuses one
// running any other module.
func TestInstallUpgradesOnlyItsOwnModule(t *testing.T) {
	s := startSite(t)
	ctx := context.Background()
	// Another build: the same module with one more custom section, so its
	// hash differs and its threshold:build metadata stays.
	older := append(assets.Wasm(), 0x00, 0x07, 0x05, 'o', 'l', 'd', 'e', 'r', '1')
	if err := s.admin.InstallCode(ctx, s.id, agent.ModeUpgrade, older, []byte("DIDL\x00\x00")); err != nil {
		t.Fatal(err)
	}
	if did, err := assets.Install(ctx, s.admin, s.id); err != nil || did != assets.Upgraded {
		t.Fatalf("Install over another build = %v, %v; want upgraded", did, err)
	}
	if resp, _, err := s.get("/index.html", 2); err != nil || !bytes.Equal(decoded(t, resp), s.files["index.html"]) {
		t.Errorf("the site after the upgrade: %v", err)
	}

	foreign, err := s.admin.CreateCanister(ctx, agent.CreateOptions{EffectiveCanisterID: s.net.FirstAppCanister()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.admin.InstallCode(ctx, foreign, agent.ModeInstall, readTestCanister(t, "counter"), []byte("DIDL\x00\x00")); err != nil {
		t.Fatal(err)
	}
	if did, err := assets.Install(ctx, s.admin, foreign); err == nil || did != assets.Unchanged {
		t.Errorf("Install over the counter canister = %v, %v; want a refusal", did, err)
	}
}
