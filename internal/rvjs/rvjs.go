// Package rvjs runs @dfinity/response-verification, the verifier inside
// DFINITY's HTTP gateways and service worker, on request/response pairs,
// through deploy/interop/verify-responses.mjs. Tests use it to check that
// the real verifier and Threshold agree; production code never does.
package rvjs

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
)

// Case is one pair to verify and the verifier's inputs.
type Case struct {
	Name               string
	Request            httpcert.Request
	CertificateVersion int // what the request asked for: 1 or 2
	Response           httpcert.Response
	Canister           []byte
	Now                time.Time
	MaxSkew            time.Duration
	RootKey            []byte // DER
	MinVersion         int
}

// Result is the verifier's verdict on one Case.
type Result struct {
	Name    string
	OK      bool
	Version int    // the verification version used
	Status  int    // the certified status, when the response is certified
	Body    []byte // the certified body, when the response is certified
	Error   string
}

// Dir is deploy/interop beside the module root.
func Dir(tb testing.TB) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "deploy", "interop")
		}
		if filepath.Dir(d) == d {
			tb.Fatalf("rvjs: no go.mod above %s", wd)
		}
	}
}

// Require skips when deploy/interop's npm packages are not installed,
// except in CI (CI set) or under deploy/test (THRESHOLD_INTEROP=1), where
// their absence is a failure.
func Require(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(Dir(tb), "node_modules", "@dfinity", "response-verification")); err == nil {
		return
	}
	if os.Getenv("CI") != "" || os.Getenv("THRESHOLD_INTEROP") == "1" {
		tb.Fatal("deploy/interop/node_modules is missing: run `npm ci` in deploy/interop")
	}
	tb.Skip("npm packages not installed; run ./deploy/test or `npm ci` in deploy/interop")
}

func pairs(hs []httpcert.HeaderField) [][2]string {
	out := [][2]string{}
	for _, h := range hs {
		out = append(out, [2]string{h.Name, h.Value})
	}
	return out
}

// Verify runs every case through the real verifier in one Node process.
func Verify(tb testing.TB, cases []Case) []Result {
	tb.Helper()
	Require(tb)
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
	in := make([]jsCase, len(cases))
	for i, c := range cases {
		in[i] = jsCase{
			Name: c.Name,
			Request: map[string]any{"url": c.Request.URL, "method": c.Request.Method, "headers": pairs(c.Request.Headers),
				"body_hex": hex.EncodeToString(c.Request.Body), "certificate_version": c.CertificateVersion},
			Response: map[string]any{"status_code": c.Response.StatusCode, "headers": pairs(c.Response.Headers),
				"body_hex": hex.EncodeToString(c.Response.Body)},
			CanisterIDHex: hex.EncodeToString(c.Canister),
			NowNS:         strconv.FormatInt(c.Now.UnixNano(), 10),
			MaxSkewNS:     strconv.FormatInt(int64(c.MaxSkew), 10),
			RootKeyHex:    hex.EncodeToString(c.RootKey),
			MinVersion:    c.MinVersion,
		}
	}
	var stdin bytes.Buffer
	if err := json.NewEncoder(&stdin).Encode(map[string]any{"cases": in}); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command("node", "verify-responses.mjs")
	cmd.Dir = Dir(tb)
	cmd.Stdin = &stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("verify-responses.mjs: %v\n%s", err, stderr.String())
	}
	var out struct {
		Results []struct {
			Name    string `json:"name"`
			OK      bool   `json:"ok"`
			Version int    `json:"version"`
			Status  int    `json:"certified_status"`
			Body    string `json:"certified_body_hex"`
			Error   string `json:"error"`
		} `json:"results"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		tb.Fatalf("verify-responses.mjs: bad output: %v\n%s", err, stdout.String())
	}
	if len(out.Results) != len(cases) {
		tb.Fatalf("verify-responses.mjs: %d results for %d cases", len(out.Results), len(cases))
	}
	res := make([]Result, len(cases))
	for i, r := range out.Results {
		body, err := hex.DecodeString(r.Body)
		if err != nil {
			tb.Fatal(err)
		}
		res[i] = Result{Name: r.Name, OK: r.OK, Version: r.Version, Status: r.Status, Body: body, Error: r.Error}
	}
	return res
}
