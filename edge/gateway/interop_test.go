package gateway

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

const interopDir = "../../deploy/interop"

// TestResponseVerificationAgrees has @dfinity/response-verification judge
// the request/response pairs of the hostile corpus exactly as the gateway
// received them (streamed bodies assembled): it must accept what the
// gateway serves and refuse what it refuses, except for the gateway's
// policy refusals, which a bare verifier does not make.
func TestResponseVerificationAgrees(t *testing.T) {
	if _, err := os.Stat(filepath.Join(interopDir, "node_modules", "@dfinity", "response-verification")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("deploy/interop/node_modules is missing: run `npm ci` in deploy/interop")
		}
		t.Skip("npm packages not installed; run `npm ci` in deploy/interop")
	}
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
	var cases []jsCase
	var want []bool
	for _, tc := range theCorpus() {
		if tc.policy {
			continue
		}
		n := fakeNet(t)
		s := newFakeSite(t, n)
		if tc.setup != nil {
			tc.setup(t, s)
		}
		h, _ := newGateway(t, "", n.rootKey(), func(o *Options) { o.Agent = n.agent(t) })
		r := get(h, "GET", fakeCanister.String()+".icp0.io", tc.target)
		minVersion := 2
		if tc.how == "v1" {
			minVersion = 1 // the gateway negotiated v1 with the canister
		}
		cases = append(cases, jsCase{
			Name: tc.name,
			Request: map[string]any{"url": s.lastReq.URL, "method": s.lastReq.Method, "headers": pairs(s.lastReq.Headers),
				"body_hex": hex.EncodeToString(s.lastReq.Body), "certificate_version": 2},
			Response: map[string]any{"status_code": s.lastResp.StatusCode, "headers": pairs(s.lastResp.Headers),
				"body_hex": hex.EncodeToString(s.lastResp.Body)},
			CanisterIDHex: hex.EncodeToString(fakeCanister.Bytes()),
			NowNS:         strconv.FormatInt(time.Now().UnixNano(), 10), MaxSkewNS: strconv.FormatInt(int64(5*time.Minute), 10),
			RootKeyHex: hex.EncodeToString(n.rootKey()), MinVersion: minVersion,
		})
		want = append(want, r.Code != 503)
	}
	in, err := json.Marshal(map[string]any{"cases": cases})
	must(t, err)
	cmd := exec.Command("node", filepath.Join(interopDir, "verify-responses.mjs"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var res struct {
		Results []struct {
			Name  string `json:"name"`
			OK    bool   `json:"ok"`
			Error string `json:"error"`
		} `json:"results"`
	}
	must(t, json.Unmarshal(out, &res))
	if len(res.Results) != len(cases) {
		t.Fatalf("%d results for %d cases", len(res.Results), len(cases))
	}
	for i, r := range res.Results {
		if r.OK != want[i] {
			t.Errorf("%s: response-verification ok=%v (%s), gateway served=%v", r.Name, r.OK, r.Error, want[i])
		}
	}
}

func pairs(hs []httpcert.HeaderField) [][2]string {
	out := [][2]string{}
	for _, h := range hs {
		out = append(out, [2]string{h.Name, h.Value})
	}
	return out
}
