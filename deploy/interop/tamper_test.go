package interop

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// flipSignature flips the last byte of the first CBOR byte string of
// length n that follows the text key "signature" in body, or of
// "signatures" entries for query responses. It reports whether it did.
func flipSignature(body []byte, n byte) bool {
	key := append([]byte{0x69}, "signature"...) // text(9) "signature"
	i := bytes.Index(body, key)
	for i >= 0 {
		j := i + len(key)
		if j+2 <= len(body) && body[j] == 0x58 && body[j+1] == n && j+2+int(n) <= len(body) {
			body[j+2+int(n)-1] ^= 0x01
			return true
		}
		k := bytes.Index(body[j:], key)
		if k < 0 {
			return false
		}
		i = j + k
	}
	return false
}

// tamperingProxy forwards to target and corrupts one kind of answer:
// "query" flips the node signature of query responses (64-byte Ed25519),
// "certificate" the BLS signature (48 bytes) of certificates in read_state
// and sync-call answers.
func tamperingProxy(t *testing.T, target, mode string) *httptest.Server {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := httputil.NewSingleHostReverseProxy(u)
	p.ModifyResponse = func(r *http.Response) error {
		path := r.Request.URL.Path
		hit := (mode == "query" && strings.HasSuffix(path, "/query")) ||
			(mode == "certificate" && (strings.HasSuffix(path, "/read_state") || strings.HasSuffix(path, "/call")))
		if !hit || r.StatusCode != http.StatusOK {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		size := byte(64)
		if mode == "certificate" {
			size = 48
		}
		if !flipSignature(body, size) {
			t.Errorf("proxy found no signature to tamper with in %s", path)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv
}

// TestAgentsRejectTampering puts a proxy that corrupts signatures between
// the real agents and the replica: a query whose node signature was
// changed, and any answer whose certificate signature was changed, must be
// refused (verifyQuerySignatures on, root key known out of band).
func TestAgentsRejectTampering(t *testing.T) {
	requireNodeModules(t)
	u := startUp(t, t.TempDir())
	steps := runReplicaScript(t, "@icp-sdk/core", u, "")
	counter, _ := steps["create and install counter"].Value.(string)
	if counter == "" {
		t.Fatalf("no counter: %+v", steps["create and install counter"])
	}
	for _, lib := range []string{"@icp-sdk/core", "@dfinity/agent"} {
		for _, tc := range []struct {
			mode            string
			queryOK, callOK bool
		}{
			{"none", true, true},
			{"query", false, true},
			{"certificate", false, false},
		} {
			t.Run(lib+"/"+tc.mode, func(t *testing.T) {
				proxy := tamperingProxy(t, u.net.APIURL, tc.mode)
				var out struct{ Steps []stepResult }
				node(t, "tamper.mjs", nil, &out, lib, u.file, proxy.URL, counter)
				if len(out.Steps) != 2 {
					t.Fatalf("steps: %+v", out.Steps)
				}
				for i, want := range []bool{tc.queryOK, tc.callOK} {
					s := out.Steps[i]
					if s.OK != want {
						t.Errorf("%s: ok=%v (%v%s), want ok=%v", s.Name, s.OK, s.Value, s.Error, want)
					} else if !s.OK {
						t.Logf("%s refused: %.160s", s.Name, s.Error)
					}
				}
			})
		}
	}
}
