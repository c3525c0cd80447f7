package gatewaytest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// maxSkew is the certificate-time window of both verifiers (PROTOCOL.md
// §4.6, the HTTP gateway spec's five minutes).
const maxSkew = 5 * time.Minute

// verdict is what one verifier says about one (request, response) pair.
type verdict struct {
	ok      bool
	version int
	status  int
	body    []byte
	err     string
}

// verifyGo runs Threshold's own verifier, certify/httpcert.
func verifyGo(r *replica, id principal.Principal, s served, now time.Time) verdict {
	res, err := httpcert.VerifyRequestResponse(s.req, s.resp, id.Bytes(), now, maxSkew, r.rootKey,
		httpcert.MaxVerificationVersion, httpcert.Options{})
	if err != nil {
		return verdict{err: err.Error()}
	}
	return verdict{ok: true, version: res.Version, status: int(res.StatusCode), body: res.Body}
}

// interopDir holds the Node.js scripts and packages of deploy/interop.
var interopDir = filepath.Join("..", "..", "deploy", "interop")

// verifyJS runs @dfinity/response-verification 3.0.3 (the verifier of
// DFINITY's HTTP gateways and service worker) on every pair at once through
// deploy/interop/verify-responses.mjs.
func verifyJS(t *testing.T, r *replica, id principal.Principal, pairs []served, now time.Time) []verdict {
	t.Helper()
	requireNodeModules(t)
	type jsCase struct {
		Name          string         `json:"name"`
		Request       map[string]any `json:"request"`
		Response      map[string]any `json:"response"`
		CanisterIDHex string         `json:"canister_id_hex"`
		NowNS         string         `json:"now_ns"`
		MaxSkewNS     string         `json:"max_skew_ns"`
		RootKeyHex    string         `json:"root_key_hex"`
		MinVersion    int            `json:"min_version"`
	}
	pairsOf := func(hs []httpcert.HeaderField) [][2]string {
		out := [][2]string{}
		for _, h := range hs {
			out = append(out, [2]string{h.Name, h.Value})
		}
		return out
	}
	cases := make([]jsCase, len(pairs))
	for i, s := range pairs {
		cases[i] = jsCase{
			Name: strconv.Itoa(i),
			Request: map[string]any{"url": s.req.URL, "method": s.req.Method, "headers": pairsOf(s.req.Headers),
				"body_hex": hex.EncodeToString(s.req.Body), "certificate_version": 2},
			Response: map[string]any{"status_code": s.resp.StatusCode, "headers": pairsOf(s.resp.Headers),
				"body_hex": hex.EncodeToString(s.resp.Body)},
			CanisterIDHex: hex.EncodeToString(id.Bytes()),
			NowNS:         strconv.FormatInt(now.UnixNano(), 10),
			MaxSkewNS:     strconv.FormatInt(int64(maxSkew), 10),
			RootKeyHex:    hex.EncodeToString(r.rootKey),
			MinVersion:    2,
		}
	}
	var stdin bytes.Buffer
	must(t, json.NewEncoder(&stdin).Encode(map[string]any{"cases": cases}))
	cmd := exec.Command("node", filepath.Join(interopDir, "verify-responses.mjs"))
	cmd.Stdin = &stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("verify-responses.mjs: %v\n%s", err, stderr.String())
	}
	var out struct {
		Results []struct {
			OK      bool   `json:"ok"`
			Version int    `json:"version"`
			Status  int    `json:"certified_status"`
			Body    string `json:"certified_body_hex"`
			Error   string `json:"error"`
		} `json:"results"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("verify-responses.mjs: bad output: %v\n%s", err, stdout.String())
	}
	if len(out.Results) != len(pairs) {
		t.Fatalf("verify-responses.mjs: %d results for %d cases", len(out.Results), len(pairs))
	}
	vs := make([]verdict, len(pairs))
	for i, res := range out.Results {
		body, err := hex.DecodeString(res.Body)
		must(t, err)
		vs[i] = verdict{ok: res.OK, version: res.Version, status: res.Status, body: body, err: res.Error}
	}
	return vs
}

// requireNodeModules skips when deploy/interop's npm packages are not
// installed, except in CI (CI set) or under deploy/test
// (THRESHOLD_INTEROP=1), where their absence is a failure.
func requireNodeModules(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(interopDir, "node_modules", "@dfinity", "response-verification")); err == nil {
		return
	}
	if os.Getenv("CI") != "" || os.Getenv("THRESHOLD_INTEROP") == "1" {
		t.Fatal("deploy/interop/node_modules is missing: run `npm ci` in deploy/interop")
	}
	t.Skip("npm packages not installed; run `npm ci` in deploy/interop")
}
