package httpcert

import (
	"encoding/base32"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/internal/vectors"
)

type rvCase struct {
	Name          string
	CanisterID    string `json:"canister_id_text"`
	RootKeyDERHex string `json:"root_key_der_hex"`
	Request       struct {
		Method  string
		URL     string
		Headers [][2]string
		BodyHex string `json:"body_hex"`
	}
	Response struct {
		StatusCode uint16 `json:"status_code"`
		Headers    [][2]string
		BodyHex    string `json:"body_hex"`
	}
	NowNS       string `json:"current_time_ns"`
	MaxOffsetNS string `json:"max_cert_time_offset_ns"`
	NowMS       int64  `json:"current_time_ms"`
	MaxOffsetMS int64  `json:"max_cert_time_offset_ms"`
	MinVersion  int    `json:"min_requested_verification_version"`
	Version     int    `json:"verification_version"`
	Valid       bool   `json:"expected_valid"`
	Error       string `json:"expected_error"`
}

// principalBytes decodes a textual principal (PROTOCOL.md §3.2): base32
// of CRC32 · bytes, grouped by dashes. The checksum is not checked here.
func principalBytes(t testing.TB, s string) []byte {
	t.Helper()
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	b, err := enc.DecodeString(strings.ToUpper(strings.ReplaceAll(s, "-", "")))
	if err != nil || len(b) < 4 {
		t.Fatalf("principal %q: %v", s, err)
	}
	return b[4:]
}

func (c rvCase) times(t testing.TB) (time.Time, time.Duration) {
	if c.NowNS != "" {
		now, err1 := strconv.ParseInt(c.NowNS, 10, 64)
		skew, err2 := strconv.ParseInt(c.MaxOffsetNS, 10, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("times %q %q", c.NowNS, c.MaxOffsetNS)
		}
		return time.Unix(0, now), time.Duration(skew)
	}
	return time.UnixMilli(c.NowMS), time.Duration(c.MaxOffsetMS) * time.Millisecond
}

// TestResponseVerificationVectors runs every tuple of
// response_verification.json (all v1), through the one-shot function and
// through a caching Verifier.
func TestResponseVerificationVectors(t *testing.T) {
	var v struct{ Cases []rvCase }
	vectors.Load(t, "response_verification.json", &v)
	if len(v.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range v.Cases {
		t.Run(c.Name, func(t *testing.T) {
			req := Request{Method: c.Request.Method, URL: c.Request.URL, Headers: headerFields(c.Request.Headers), Body: vectors.Hex(t, c.Request.BodyHex)}
			resp := Response{StatusCode: c.Response.StatusCode, Headers: headerFields(c.Response.Headers), Body: vectors.Hex(t, c.Response.BodyHex)}
			cid := principalBytes(t, c.CanisterID)
			root := vectors.Hex(t, c.RootKeyDERHex)
			now, skew := c.times(t)
			min := c.MinVersion
			if min == 0 {
				min = MinVerificationVersion
			}
			res, err := VerifyRequestResponse(req, resp, cid, now, skew, root, min, Options{})
			check := func(res Result, err error) {
				t.Helper()
				if c.Valid {
					if err != nil {
						t.Fatalf("rejected: %v", err)
					}
					if res.Version != c.Version || !res.Certified || string(res.Body) != string(resp.Body) || res.StatusCertified {
						t.Errorf("result %+v", res)
					}
					return
				}
				if err == nil {
					t.Fatal("accepted, want a rejection")
				}
				if c.Error != "" && ReasonOf(err).String() != c.Error {
					t.Errorf("err %v, want %s", err, c.Error)
				}
				t.Logf("rejected: %v", err)
			}
			check(res, err)
			if ver, err := NewVerifier(root, Options{}); err == nil {
				check(ver.Verify(req, resp, cid, now, skew, min))
				check(ver.Verify(req, resp, cid, now, skew, min)) // cached
			} else if c.Valid {
				t.Fatalf("root key: %v", err)
			}
			// A gateway that insists on v2 refuses these v1 answers.
			if _, err := VerifyRequestResponse(req, resp, cid, now, skew, root, 2, Options{}); ReasonOf(err) != ErrRequestedVerificationVersionMismatch {
				t.Errorf("min version 2: %v", err)
			}
		})
	}
}
